/** Small helpers for forms: the server's problem list as lines, phone numbers and dates as people type them. */

/**
 * A refusal's message as lines: the server joins several problems with '；' (configuration checks), and each is shown
 * on its own line.
 */
export function problemLines(message: string): string[] {
  const lines = message
    .split(/[；;]/)
    .map((s) => s.trim())
    .filter(Boolean);
  return lines.length > 0 ? lines : [message];
}

/** The phone as typed, without spaces and dashes. */
export function phoneDigits(phone: string): string {
  return phone.replace(/[\s\-－—]/g, '');
}

/** A mobile number (11 digits starting with 1) or a landline with its area code (0xx/0xxx and 7–8 digits). */
export function isPhone(phone: string): boolean {
  const d = phoneDigits(phone);
  return /^1\d{10}$/.test(d) || /^0\d{2,3}\d{7,8}$/.test(d);
}

/** A real calendar day written as YYYY-MM-DD (2025-02-30 is not one). */
export function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** A clock time written as HH:mm, 00:00–23:59. */
export function isClock(text: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(text);
}
