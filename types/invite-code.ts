/** The invite code's format, shared by the server (its checks) and the pages (typing it, showing it). */

/** A new invite code: 6 digits. */
export const INVITE_CODE = /^\d{6}$/;
/** Codes made before the 6-digit ones: 8 capital letters and digits, valid until they expire. */
const OLD_INVITE_CODE = /^[A-Z0-9]{8}$/;

/**
 * An invite code as typed, tidied: full-width letters and digits (「４８３９２０」) made half-width, small letters made
 * capital, and everything else (spaces, dashes) left out — so 「483 920」, 「483-920」 and 「483920」 are one code.
 */
export function normalizeInviteCode(typed: string): string {
  return Array.from(typed, (ch) => {
    const c = ch.charCodeAt(0);
    return c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : ch;
  })
    .join('')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/** True for a code that may exist: 6 digits, or an older 8-character code. */
export function isInviteCode(code: string): boolean {
  return INVITE_CODE.test(code) || OLD_INVITE_CODE.test(code);
}

/** A code as shown and read aloud: 「483 920」 for 6 digits; an older code as it is. */
export function groupedInviteCode(code: string): string {
  return INVITE_CODE.test(code) ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}
