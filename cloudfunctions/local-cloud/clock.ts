/**
 * The local cloud's controllable clock. It shifts the whole process's notion of "now" (Date and Date.now) by an
 * offset, so the bundled functions, the database's serverDate and the timer triggers all see the same time —
 * and anyone can start the demo at a duty hour or jump ahead an hour to watch time-based rules fire.
 * NOTE: only the local cloud process installs it; tests of the core use a Clock port instead.
 */
const RealDate = Date;
let offsetMs = 0;
let installed = false;

/** Replace the global Date with one that honours the offset (idempotent). */
export function installClock(): void {
  if (installed) return;
  installed = true;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offsetMs);
      else super(...(args as [string | number | Date]));
    }
    static now(): number {
      return RealDate.now() + offsetMs;
    }
    static [Symbol.hasInstance](x: unknown): boolean {
      return x instanceof RealDate;
    }
  }
  globalThis.Date = ShiftedDate as DateConstructor;
}

/** The current instant as the local cloud sees it. */
export function now(): number {
  return RealDate.now() + offsetMs;
}

/** How far the local clock is from the real time (ms; 0 unless set or advanced). */
export function offset(): number {
  return offsetMs;
}

/** Make "now" be `at` (time keeps running from there). */
export function setNow(at: number): void {
  // Whole milliseconds: ids and storage names are made from Date.now() (a fraction would put a dot in them).
  offsetMs = Math.round(at) - RealDate.now();
}

/** Jump ahead (or back, with a negative value). */
export function advance(ms: number): void {
  offsetMs += Math.round(ms);
}
