/**
 * The community configuration as a warm function instance keeps it: read at most once per `ttlMs` (60 s), so a
 * change saved by another function is seen within a minute, and at once by the instance that saved it (its writes
 * clear the cache). WeChat keeps instances warm between calls; a cold start begins empty.
 */
import type { CommunityConfig } from '../../core/community';

export const CONFIG_TTL_MS = 60_000;

export class ConfigCache {
  private entry: { at: number; value: CommunityConfig } | null = null;
  constructor(
    private readonly ttlMs = CONFIG_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}
  /** A copy of the cached configuration while it is fresh, else null. */
  get(): CommunityConfig | null {
    if (!this.entry || this.now() - this.entry.at >= this.ttlMs) return null;
    return structuredClone(this.entry.value);
  }
  set(value: CommunityConfig): void {
    this.entry = { at: this.now(), value: structuredClone(value) };
  }
  clear(): void {
    this.entry = null;
  }
}
