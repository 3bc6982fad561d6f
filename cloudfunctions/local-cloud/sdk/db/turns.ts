/**
 * Read work shares the one thread with the database's queued operations, and gives way to them.
 *
 * A read runs on a snapshot OUTSIDE the database queue (engine.ts `read`), so operations queued behind it start at
 * once; but its JavaScript (matching thousands of documents, copying them) still occupies the thread, and a write
 * needs the thread between its steps (each append to the datafile is an I/O round trip). Long read loops therefore
 * call `pass()` every few documents:
 * - it returns undefined (carry on) while the current slice lasts (`sliceMs`) and no database operation is queued;
 * - otherwise it returns a promise (await it) that resolves on a later event-loop turn, once every queue is empty
 *   — or, when it has waited `maxWaitMs`, for one slice (one per `maxWaitMs` over all readers), so a steady
 *   stream of writes slows reads down but cannot starve them.
 * Waiting readers resume one per turn, so however many reads run at once (the dashboard starts about twenty), reads
 * get one slice per turn in all, not one slice each.
 * NOTE: code running INSIDE a queued operation (a write's own scan, a transaction's reads) must not wait here: it
 * would wait for its own queue to empty. store.ts only yields in reads made through `read`.
 */
import { performance } from 'node:perf_hooks';

export class ReadTurns {
  /** Milliseconds a slice lasts (tests set 0: every pass() waits for a later turn). */
  sliceMs: number;
  /** Longest a waiting reader gives way to queued operations before it takes a slice anyway: milliseconds. */
  maxWaitMs: number;
  /** Database operations queued or running, over every engine (engine.ts counts them). */
  queued = 0;
  private readonly now: () => number;
  private started = Number.NEGATIVE_INFINITY;
  private readonly waiting: Array<{ resume: () => void; since: number }> = [];
  private scheduled = false;
  private held = false;
  /** When a reader last took a slice although operations were queued. */
  private lastForced = Number.NEGATIVE_INFINITY;

  constructor(sliceMs: number, maxWaitMs: number, now: () => number = () => performance.now()) {
    this.sliceMs = sliceMs;
    this.maxWaitMs = maxWaitMs;
    this.now = now;
  }

  /** undefined while the current slice lasts and nothing is queued (carry on); otherwise a promise (await it). */
  pass(): Promise<void> | undefined {
    if (!this.held && this.queued === 0 && this.now() - this.started < this.sliceMs) return undefined;
    return new Promise((resolve) => {
      this.waiting.push({ resume: resolve, since: this.now() });
      this.schedule();
    });
  }

  /** Tests: from now on every reader waits at its next pass() until `resume()` (so ordering is not left to timing). */
  hold(): void {
    this.held = true;
  }

  /** Tests: lets held readers go on. */
  resume(): void {
    this.held = false;
    if (this.waiting.length > 0) this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.held) return;
    this.scheduled = true;
    const next = this.waiting[0];
    const now = this.now();
    // Operations are queued: look again in a millisecond (a timer, not a busy loop) — unless this reader has waited
    // long enough and no reader has taken such a slice for as long: then ONE slice (per maxWaitMs, not per reader).
    const starving = next !== undefined && now - next.since >= this.maxWaitMs && now - this.lastForced >= this.maxWaitMs;
    if (next && this.queued > 0 && !starving) {
      setTimeout(() => {
        this.scheduled = false;
        this.schedule();
      }, 1);
      return;
    }
    setImmediate(() => {
      this.scheduled = false;
      if (this.held) return;
      const first = this.waiting.shift();
      if (first) {
        this.started = this.now();
        if (this.queued > 0) this.lastForced = this.started;
        first.resume();
      }
      if (this.waiting.length > 0) this.schedule();
    });
  }
}

/** How long read work may hold the thread before letting writes (and everything else) run: milliseconds. */
export const READ_SLICE_MS = 5;
/** How long a read gives way to queued operations at most before it takes a slice anyway: milliseconds. */
export const READ_MAX_WAIT_MS = 100;

/** The process-wide turns: every local database's reads share the one thread. */
export const readTurns = new ReadTurns(READ_SLICE_MS, READ_MAX_WAIT_MS);
