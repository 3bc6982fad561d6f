/**
 * Completing the effects a case's writes recorded. The request that wrote them runs this right after its write; a
 * retry of the request runs it again; the timer runs it for whatever a function that died left behind.
 * NOTE: every effect is idempotent (see core/effects.ts), so running this twice, or concurrently, does each once.
 */
import type { Case } from '../Case';
import { absorb } from '../Case';
import type { CommunityConfig } from '../community';
import type { Effect } from '../effects';
import { withEffects } from '../effects';
import type { Deps } from '../ports';
import { deliver } from './notifications';

async function run(deps: Deps, c: Case, e: Effect, community: CommunityConfig, now: Date): Promise<void> {
  switch (e.kind) {
    case 'notify':
      return deliver(
        deps,
        e.items.map((o, i) => ({ id: e.key ? `${e.key}_${o.touser}` : `${c.id}_${e.id}_${i}`, o })),
        community,
        now,
      );
    case 'credit':
      return deps.subscriptions.record(e.personId, e.answers, `${c.id}_${e.id}`);
    case 'place':
      return deps.people.rememberPlace(e.personId, e.place);
    case 'slot':
      return e.op === 'free' ? deps.holdings.free(e.memberId, c.id) : deps.holdings.take(e.memberId, c.id, now);
    case 'file':
      return deps.files.remove([e.fileID]);
    case 'merge':
      return takeIn(deps, e, now);
  }
}

/**
 * The kept case takes in a merged duplicate: one conditional write, retried while someone else changes it meanwhile
 * (then left for the timer). Done once: a kept case that lists the duplicate already needs nothing.
 */
async function takeIn(deps: Deps, e: Effect & { kind: 'merge' }, now: Date): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const kept = await deps.cases.ofId(e.into);
    const next = kept && absorb(kept, e.from, e.by, now);
    if (!next) return; // taken in already (or the kept case is gone)
    if (await deps.cases.replaceIfVersion(withEffects(next, [], now))) return;
  }
  throw new Error(`the kept case ${e.into} kept changing`);
}

/** Complete every pending effect of `c` (as read or as just written); true when all are done and cleared. */
export async function completeEffects(deps: Deps, c: Case, community: CommunityConfig, now: Date): Promise<boolean> {
  if (c.effects.length === 0) return true;
  let done = true;
  for (const e of c.effects) {
    try {
      await run(deps, c, e, community, now);
    } catch (err) {
      done = false;
      console.error(`[effects] ${c.id}/${e.id} (${e.kind}) left for the timer:`, err);
    }
  }
  if (!done) return false;
  try {
    await deps.cases.settleEffects(c.id, c.version);
  } catch (err) {
    console.error(`[effects] ${c.id}: done, but not cleared (the timer will find nothing left to do):`, err);
  }
  return true;
}

/** The timer's share: complete effects left pending by functions that died after their write. */
export async function completeLeftovers(deps: Deps, community: CommunityConfig, now: Date, limit = 100): Promise<number> {
  const cases = await deps.cases.withPendingEffects(now, limit);
  let completed = 0;
  for (const c of cases) if (await completeEffects(deps, c, community, now)) completed++;
  return completed;
}
