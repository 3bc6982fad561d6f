/**
 * The caller's MeView, fetched once and shared by pages (home fetches it, the report form reuses it).
 * NOTE: only a successful answer is kept; a failure is fetched again next time.
 */
import type { MeView } from '../../types/domain';
import type { ApiResult } from '../../types/result';
import { fetchMe } from '../services/cloud';

let cached: MeView | null = null;

/** The cached MeView if any, else ask the server. */
export async function loadMe(options: { fresh?: boolean } = {}): Promise<ApiResult<MeView>> {
  if (cached && !options.fresh) return { ok: true, data: cached };
  const res = await fetchMe();
  if (res.ok) cached = res.data;
  return res;
}

/** Forget the cached MeView (identity switched, or lastPlace changed after a report). */
export function forgetMe(): void {
  cached = null;
}

/** The cached MeView, or null; no call. Pages shown again (home) read it to show a fresher unread count. */
export function cachedMe(): MeView | null {
  return cached;
}

/** The message centre read messages: keep the cached unread count in step, so home's badge needs no call. */
export function noteUnreadMessages(unread: number): void {
  if (cached) cached = { ...cached, unreadMessages: unread };
}
