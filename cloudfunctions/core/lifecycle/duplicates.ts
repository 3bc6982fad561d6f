/**
 * The same matter reported twice (FixMyStreet's duplicates): which open case a new report may be, a resident joining
 * it as a follower (「是这件事，一起等结果」), and a member or the office merging a duplicate into the kept case.
 * NOTE: a private case is never offered, joined or merged: its details and its reporter are for the few (permissions.ts).
 */
import type { Place } from '../../../types/domain';
import { CaseNotMergeableError, CaseNotSimilarError } from '../errors';
import { baseOf } from './base';
import { isOpen } from './state';
import type { Actor, Case, MergedCase } from './state';

/** How long an open case is offered to a new report of the same matter at the same place. */
export const SIMILAR_WINDOW_MS = 72 * 3600_000;

/** What a new report is about: its category and place. */
export interface ReportKey {
  categoryId: string;
  place: Place;
}

/**
 * True when `c` may be offered to a report of `key` at `now`: open, not private, the same category, compound and
 * building (and unit, when both name one: a report for the whole building is like any of its units), reported within
 * the last 72 hours.
 */
export function isSimilar(c: Case, key: ReportKey, now: Date): boolean {
  const age = now.getTime() - c.createdAt.getTime();
  const same = (a: string, b: string) => a.trim() === b.trim();
  return (
    isOpen(c) &&
    !c.private &&
    c.categoryId === key.categoryId &&
    c.place.compoundId === key.place.compoundId &&
    key.place.building.trim() !== '' &&
    same(c.place.building, key.place.building) &&
    (key.place.unit.trim() === '' || c.place.unit.trim() === '' || same(c.place.unit, key.place.unit)) &&
    // NOTE: no lower bound: a case stamped a moment "ahead" (another instance's clock) is as recent as can be.
    age <= SIMILAR_WINDOW_MS
  );
}

/** A resident joins a similar case: a follower from now on (joining twice changes nothing: null). */
export function follow(c: Case, resident: Actor, key: ReportKey, now: Date): Case | null {
  if (c.reporter.id === resident.id || c.followers.includes(resident.id)) return null;
  if (!isSimilar(c, key, now)) throw new CaseNotSimilarError();
  return {
    ...c,
    version: c.version + 1,
    followers: [...c.followers, resident.id],
    // No name: the reporter and the staff learn that one more resident waits for it, not who.
    timeline: [...c.timeline, { at: now, kind: 'joined', text: '又有一位居民反映了同一件事，一起等结果', by: null }],
  };
}

/** Why a merge of `dup` into `kept` cannot happen; null when it can. */
export function mergeRefusal(dup: Case, kept: Case): string | null {
  if (dup.id === kept.id) return '不能把一件事并入它自己';
  if (!isOpen(dup)) return '这件事已经结束了，不能再合并';
  if (!isOpen(kept)) return `事项${kept.code}已经结束了，请并入一件还在办的事`;
  if (dup.private || kept.private) return '涉及隐私的事项不能合并';
  return null;
}

/** The duplicate closes as merged into `kept`: its step names the kept case (「已并入事项 ABC123」). */
export function mergeAway(dup: Case, kept: Case, by: Actor, now: Date): MergedCase {
  const refusal = mergeRefusal(dup, kept);
  if (refusal) throw new CaseNotMergeableError(refusal);
  return {
    ...baseOf(dup),
    status: 'merged',
    version: dup.version + 1,
    merge: { into: { id: kept.id, code: kept.code }, by, at: now },
    timeline: [...dup.timeline, { at: now, kind: 'merged', text: `已并入事项 ${kept.code}`, by, detail: kept.code }],
  };
}

/** Who follows the kept case once `dup` is merged into it: the duplicate's reporter and followers (never the kept case's reporter). */
export function followersAfterMerge(kept: Case, dup: { reporterId: string; followers: string[] }): string[] {
  const all = new Set(kept.followers);
  for (const id of [dup.reporterId, ...dup.followers]) if (id !== kept.reporter.id) all.add(id);
  return [...all];
}

/**
 * The kept case takes in a merged duplicate: its people as followers and a step (「并入了事项 XYZ789」). Whatever state
 * the kept case is in by then (it may have been resolved meanwhile). Null when it took this duplicate in already.
 */
export function absorb(kept: Case, dup: { id: string; code: string; reporterId: string; followers: string[] }, by: Actor, now: Date): Case | null {
  if (kept.mergedFrom.includes(dup.id)) return null;
  return {
    ...kept,
    version: kept.version + 1,
    followers: followersAfterMerge(kept, dup),
    mergedFrom: [...kept.mergedFrom, dup.id],
    timeline: [...kept.timeline, { at: now, kind: 'merged', text: `并入了事项 ${dup.code}`, by, detail: dup.code }],
  };
}
