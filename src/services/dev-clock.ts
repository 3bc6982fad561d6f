/**
 * The local cloud's controllable clock, for trying out deadlines in a browser. H5 local mode only: Taro picks
 * `dev-clock.h5.ts` there; this file gives TypeScript the shared signatures and is what every other platform gets,
 * so the mini-program carries no dev endpoint.
 */

/** The local cloud's "now" as an ISO instant. */
export async function fetchDevClock(): Promise<string> {
  throw new Error('dev clock: H5 local mode only');
}

/** Move the local cloud's clock forward by `minutes` (its deadline timers run); resolves with the new "now" (ISO). */
export async function advanceDevClock(_minutes: number): Promise<string> {
  throw new Error('dev clock: H5 local mode only');
}
