/**
 * The same matter reported twice: 「是不是这件事？」 before a report (or, for staff, beside a case), a resident joining an
 * open case as a follower, and a member or the office merging a duplicate into the kept case.
 * NOTE: a merge is two writes: the duplicate's (closed as merged, with a pending `merge` effect) and the kept case's
 * (its followers and its step), done by completing that effect — by the request, its retry, or the timer, once.
 */
import type { SubscribeAnswer } from '../../../types/api';
import type { CaseView, Place, SimilarCase } from '../../../types/domain';
import { DUPLICATE_WORDS } from '../../../types/words';
import { follow, isSimilar, mergeAway, SIMILAR_WINDOW_MS } from '../Case';
import type { Case, ReportKey } from '../Case';
import type { Person } from '../community';
import type { EffectBody } from '../effects';
import { CaseNotFoundError, CaseNotMergeableError, UnknownCompoundError } from '../errors';
import { mergedFor } from '../notify';
import { authorize, permitted } from '../permissions';
import type { Situation } from '../permissions';
import type { Deps } from '../ports';
import { toSimilar } from '../views';
import { actorOf, caseFor, categoryOf, checkedAnswers, commit, notify, situation, viewAfter } from './shared';

/** How many candidates one query reads (the newest of a building's open cases of one category in 72 hours). */
const CANDIDATES = 20;
/** How many similar cases staff are shown beside a case. */
const STAFF_SHOWN = 5;

/** Open cases like `key` (one indexed query), the core's rule applied, newest first. */
async function similarCases(deps: Deps, sit: Situation, key: ReportKey): Promise<Case[]> {
  if (key.place.building.trim() === '') return [];
  const since = new Date(sit.now.getTime() - SIMILAR_WINDOW_MS);
  const found = await deps.cases.similarTo(
    { categoryId: key.categoryId, compoundId: key.place.compoundId, building: key.place.building.trim() },
    since,
    CANDIDATES,
  );
  return found.filter((c) => isSimilar(c, key, sit.now));
}

/**
 * 「是不是这件事？」: before a resident files a report, the open case that may be the same matter (at most one; never a
 * private one, nor their own); for staff beside a case (`caseId`), the open cases it may duplicate. Members and the
 * office filing a report are not asked (they may not join: only residents follow cases).
 */
export async function similarCase(
  deps: Deps,
  person: Person | null,
  req: { caseId?: string; categoryId?: string; place?: Place },
): Promise<{ cases: SimilarCase[] }> {
  const sit = await situation(deps);
  if (req.caseId !== undefined) {
    const { c, me } = await caseFor(deps, sit, person, req.caseId, 'view');
    if (me.role === 'resident' || c.private) return { cases: [] };
    // Only cases this member (or the office) may see themselves: another group's claimed case is not shown to them.
    const others = (await similarCases(deps, sit, { categoryId: c.categoryId, place: c.place })).filter((x) => x.id !== c.id && permitted(me, 'view', sit, x));
    return { cases: others.slice(0, STAFF_SHOWN).map((x) => toSimilar(x, sit.community)) };
  }
  authorize(person, 'similar', sit);
  const category = categoryOf(sit.community, req.categoryId ?? '');
  const place = req.place!;
  if (!sit.community.compounds.some((x) => x.id === place.compoundId)) throw new UnknownCompoundError();
  if (person.role !== 'resident' || category.private) return { cases: [] };
  const mine = (c: Case) => c.reporter.id === person.id || c.followers.includes(person.id);
  const found = (await similarCases(deps, sit, { categoryId: category.id, place })).find((c) => !mine(c));
  return { cases: found ? [toSimilar(found, sit.community)] : [] };
}

/**
 * 「是这件事，一起等结果」: a resident joins an open case like the one they were about to report (the same check as
 * 「是不是这件事？」), with their subscribe answers; joining twice changes nothing. A private case, or one they may not
 * see and that is not like their report, is "not found".
 */
export async function followCase(
  deps: Deps,
  person: Person | null,
  req: { caseId: string; categoryId: string; place: Place; subscriptions?: Record<string, SubscribeAnswer> },
): Promise<CaseView> {
  const sit = await situation(deps);
  const { c, me } = await caseFor(deps, sit, person, req.caseId, 'follow');
  if (c.private) throw new CaseNotFoundError();
  const accepted = checkedAnswers(sit.community, req.subscriptions);
  const next = follow(c, actorOf(me), { categoryId: req.categoryId, place: req.place }, sit.now);
  if (!next) return viewAfter(deps, sit, me, c);
  const effects: EffectBody[] = accepted ? [{ kind: 'credit', personId: me.id, answers: accepted }] : [];
  // A lost race (someone acted on the case meanwhile) says so; joining again then works.
  return viewAfter(deps, sit, me, await commit(deps, sit, c, next, effects));
}

/**
 * A member (who may see both) or the office merges a duplicate into the kept case. The duplicate closes as merged in
 * one conditional write that records the `merge` effect and tells its reporter and followers (message centre) where
 * to look; the kept case takes them in as followers when the effect completes. Of two merges of one case at once, one
 * wins (the duplicate's version); the other is told which case it went into.
 */
export async function mergeCases(deps: Deps, person: Person | null, caseId: string, intoCaseId: string): Promise<CaseView> {
  const sit = await situation(deps);
  const { c: dup, me } = await caseFor(deps, sit, person, caseId, 'merge');
  const { c: kept } = await caseFor(deps, sit, me, intoCaseId, 'merge');
  const by = actorOf(me);
  const away = (from: Case) => mergeAway(from, kept, by, sit.now);
  const next = away(dup);
  const people = [dup.reporter.id, ...dup.followers];
  const effects: EffectBody[] = [
    { kind: 'merge', into: kept.id, from: { id: dup.id, code: dup.code, reporterId: dup.reporter.id, followers: dup.followers }, by },
    notify(people.filter((id) => id !== kept.reporter.id).map((id) => mergedFor(id, next.merge.into, DUPLICATE_WORDS.mergedInto(kept.code)))),
  ];
  const explain = (fresh: Case) => {
    if (fresh.status === 'merged') throw new CaseNotMergeableError(`这件事刚刚已经并入事项 ${fresh.merge.into.code} 了`);
    away(fresh);
  };
  return viewAfter(deps, sit, me, await commit(deps, sit, dup, next, effects, { explain }));
}
