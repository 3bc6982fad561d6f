/** Cases on the WeChat Cloud database: the case store (one conditional write per change) and the dashboard's figures. */
import type { OfficeQueue } from '../../../../types/domain';
import type { Case } from '../../../core/Case';
import type { CaseStats, Cases } from '../../../core/ports';
import type { AnswerDimension, AnswerRow, RateDimension, ResponseRow } from '../../../core/rates';
import { WEEK_MS } from '../../../core/rates';
import { effectsOf } from '../../../core/effects';
import type { ServiceAct } from '../../../core/service-record';
import { byActOrder, SERVICE_TIMELINE_KINDS } from '../../../core/service-record';
import type { ServiceActKind } from '../../../../types/domain';
import { COLLECTIONS } from '../collections';
import type { Database } from '../db-types';
import { DERIVED_VERSION, caseToDoc, docToCase, effectFields, replacing } from './case-doc';
import { addOnce, dueBy, findDoc } from './shared';

/** The query behind each office queue, as of `now`. */
function officeQueueQuery(db: Database, queue: OfficeQueue, now: Date): { where: Record<string, unknown>; order: string } {
  const _ = db.command;
  switch (queue) {
    case 'escalated':
      return { where: { atOffice: true, rule: 'escalated' }, order: 'createdAt' };
    case 'office-only':
      return { where: { atOffice: true, rule: 'office-only' }, order: 'createdAt' };
    case 'emergency':
      return { where: { open: true, urgent: true }, order: 'createdAt' };
    case 'overdue':
      return { where: { open: true, dueAt: _.lte(now) }, order: 'dueAt' };
    case 'open':
      return { where: { open: true }, order: 'createdAt' };
    case 'supervise':
      return { where: { supervised: true }, order: 'supervisedAt' };
  }
}

/** Every office queue, in the order the office sees them. */
export const OFFICE_QUEUES: OfficeQueue[] = ['escalated', 'office-only', 'emergency', 'overdue', 'open', 'supervise'];

/** The case store and the dashboard's figures (aggregation and indexed queries, never a read of every case). */
export class CasesWxDb implements Cases, CaseStats {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.cases);
  }
  async add(c: Case): Promise<boolean> {
    const fresh = effectsOf(c);
    const effects = {
      effects: Object.fromEntries(fresh.map((e) => [e.id, e])),
      effectsDueAt: fresh.length ? new Date(Math.min(...fresh.map((e) => e.due.getTime()))) : null,
    };
    return addOnce(this.col, c.id, { ...caseToDoc(c), ...effects }, () => this.ofId(c.id));
  }
  async refreshStale(limit: number): Promise<number> {
    const res = await this.col
      .where({ derived: this.db.command.neq(DERIVED_VERSION) })
      .limit(Math.min(limit, 100))
      .get();
    let done = 0;
    for (const d of res.data) {
      const c = docToCase(d);
      // The same version: only the derived fields change; a case written meanwhile has them fresh already.
      const r = await this.col.where({ _id: c.id, version: c.version }).update({ data: replacing(this.db, caseToDoc(c)) });
      done += r.stats.updated;
    }
    return done;
  }
  async createdBetween(start: Date, end: Date, limit: number): Promise<Case[]> {
    const _ = this.db.command;
    const out: Case[] = [];
    // NOTE: one get returns at most 100 records: read indexed pages until the window or the limit ends.
    for (let page = 0; out.length < limit; page++) {
      const size = Math.min(100, limit - out.length);
      const res = await this.col
        .where({ createdAt: _.gte(start).and(_.lt(end)) })
        .orderBy('createdAt', 'asc')
        .orderBy('_id', 'asc')
        .skip(page * 100)
        .limit(size)
        .get();
      out.push(...res.data.map(docToCase));
      if (res.data.length < size) break;
    }
    return out;
  }
  async ofId(id: string): Promise<Case | null> {
    const d = await findDoc(this.col, id);
    return d === null ? null : docToCase(d);
  }
  async ofReporter(reporterId: string, limit: number): Promise<Case[]> {
    const res = await this.col.where({ reporterId }).orderBy('createdAt', 'desc').limit(limit).get();
    return res.data.map(docToCase);
  }
  async ofFollower(personId: string, limit: number): Promise<Case[]> {
    const res = await this.col.where({ followers: personId }).orderBy('createdAt', 'desc').limit(limit).get();
    return res.data.map(docToCase);
  }
  async similarTo(key: { categoryId: string; compoundId: string; building: string }, since: Date, limit: number): Promise<Case[]> {
    const _ = this.db.command;
    const res = await this.col
      .where({ compoundId: key.compoundId, building: key.building, categoryId: key.categoryId, open: true, private: false, createdAt: _.gte(since) })
      .orderBy('createdAt', 'desc')
      .limit(limit)
      .get();
    return res.data.map(docToCase);
  }
  async waiting(limit: number): Promise<Case[]> {
    const res = await this.col.where({ status: 'pending', atOffice: false }).orderBy('createdAt', 'asc').limit(limit).get();
    return res.data.map(docToCase);
  }
  async waitingOutside(groupId: string, limit: number): Promise<Case[]> {
    const _ = this.db.command;
    const res = await this.col
      .where({ status: 'pending', atOffice: false, poolGroupId: _.neq(groupId) })
      .orderBy('createdAt', 'asc')
      .limit(limit)
      .get();
    return res.data.map(docToCase);
  }
  async ofHolder(personId: string, limit: number): Promise<Case[]> {
    const res = await this.col.where({ holderId: personId, status: 'claimed' }).orderBy('claimedAt', 'asc').limit(limit).get();
    return res.data.map(docToCase);
  }
  async ofPhotoCheck(traceId: string): Promise<Case | null> {
    const res = await this.col.where({ photoTraceIds: traceId }).limit(1).get();
    return res.data.length > 0 ? docToCase(res.data[0]) : null;
  }
  /** The steps `memberId` took in [from, to) that are service (认领, 办结, 回访), one document each (an aggregation's start). */
  private serviceSteps(memberId: string, from: Date, to: Date) {
    const _ = this.db.command;
    return (
      this.col
        .aggregate()
        .match({ actorIds: memberId })
        .unwind('$timeline')
        .match({
          'timeline.by.id': memberId,
          'timeline.kind': _.in([...SERVICE_TIMELINE_KINDS]),
          'timeline.at': _.gte(from),
        })
        .match({ 'timeline.at': _.lt(to) })
        // A 'followed-up' step is a 回访 call only on a case the member did not report (the reporter's own answer is none).
        .match(_.or([{ 'timeline.kind': _.in(['claimed', 'resolved']) }, { 'timeline.kind': 'followed-up', reporterId: _.neq(memberId) }]))
    );
  }
  async serviceCounts(memberId: string, from: Date, to: Date): Promise<Record<ServiceActKind, number>> {
    const $ = this.db.command.aggregate;
    // NOTE: WeChat's aggregate returns 20 results unless told otherwise: every result list here says its limit.
    const res = await this.serviceSteps(memberId, from, to)
      .group({ _id: '$timeline.kind', n: $.sum(1) })
      .limit(10)
      .end();
    const counts: Record<ServiceActKind, number> = { claimed: 0, resolved: 0, call: 0 };
    for (const r of res.list) counts[r._id === 'followed-up' ? 'call' : (r._id as 'claimed' | 'resolved')] = r.n as number;
    return counts;
  }
  async serviceActs(memberId: string, from: Date, to: Date, limit: number): Promise<ServiceAct[]> {
    const res = await this.serviceSteps(memberId, from, to)
      .project({ code: 1, categoryId: 1, at: '$timeline.at', kind: '$timeline.kind' })
      .sort({ at: 1, _id: 1, kind: 1 })
      // An explicit limit: without one WeChat returns 20 (the record asks for SERVICE_ITEM_LIMIT + 1).
      .limit(limit)
      .end();
    const kindOf = (k: unknown): ServiceActKind => (k === 'followed-up' ? 'call' : (k as 'claimed' | 'resolved'));
    return res.list
      .map((r) => ({ at: new Date(r.at as Date), caseId: String(r._id), code: String(r.code), categoryId: String(r.categoryId), kind: kindOf(r.kind) }))
      .sort(byActOrder);
  }
  async handledBy(memberId: string, limit: number): Promise<Case[]> {
    const res = await this.col.where({ passedOnBy: memberId }).orderBy('createdAt', 'desc').limit(limit).get();
    return res.data.map(docToCase);
  }
  async countHeldBy(personId: string): Promise<number> {
    return (await this.col.where({ holderId: personId, status: 'claimed' }).count()).total;
  }
  async ofOfficeQueue(queue: OfficeQueue, now: Date, page: number, limit: number): Promise<{ cases: Case[]; hasMore: boolean }> {
    const q = officeQueueQuery(this.db, queue, now);
    const res = await this.col
      .where(q.where)
      .orderBy(q.order, 'asc')
      .skip(page * limit)
      .limit(Math.min(limit + 1, 100))
      .get();
    // NOTE: one get returns at most 100 records, so a page of 100 cannot peek at the next one: count instead.
    const full = res.data.length === limit && limit + 1 > 100;
    const hasMore = res.data.length > limit || (full && (await this.col.where(q.where).count()).total > (page + 1) * limit);
    return { cases: res.data.slice(0, limit).map(docToCase), hasMore };
  }
  async countOfficeQueues(now: Date): Promise<Record<OfficeQueue, number>> {
    const totals = await Promise.all(OFFICE_QUEUES.map((q) => this.col.where(officeQueueQuery(this.db, q, now).where).count()));
    return Object.fromEntries(OFFICE_QUEUES.map((q, i) => [q, totals[i].total])) as Record<OfficeQueue, number>;
  }
  async dueForClaim(now: Date, limit: number): Promise<Case[]> {
    return (await dueBy(this.db, this.col, { status: 'pending' }, 'claimDueAt', now, limit)).map(docToCase);
  }
  async dueForResolve(now: Date, limit: number): Promise<Case[]> {
    return (await dueBy(this.db, this.col, { status: 'claimed' }, 'resolveDueAt', now, limit)).map(docToCase);
  }
  async dueForReminder(now: Date, limit: number): Promise<Case[]> {
    return (await dueBy(this.db, this.col, {}, 'remindAt', now, limit)).map(docToCase);
  }
  async dueForFollowUp(now: Date, limit: number): Promise<Case[]> {
    return (await dueBy(this.db, this.col, { status: 'resolved' }, 'followUpDueAt', now, limit)).map(docToCase);
  }
  async callBacks(limit: number): Promise<Case[]> {
    const res = await this.col.where({ callBackOpen: true }).orderBy('callBackAt', 'asc').limit(limit).get();
    return res.data.map(docToCase);
  }
  async replaceIfVersion(next: Case): Promise<boolean> {
    const data = { ...replacing(this.db, caseToDoc(next)), ...effectFields(this.db, next) };
    const res = await this.col.where({ _id: next.id, version: next.version - 1 }).update({ data });
    return res.stats.updated === 1;
  }
  async withPendingEffects(now: Date, limit: number): Promise<Case[]> {
    return (await dueBy(this.db, this.col, {}, 'effectsDueAt', now, limit)).map(docToCase);
  }
  async settleEffects(caseId: string, version: number): Promise<void> {
    await this.col.where({ _id: caseId, version }).update({ data: { effects: this.db.command.set({}), effectsDueAt: null } });
  }

  // --- CaseStats: aggregation and indexed queries, never a read of every case ---
  async countBy(field: 'status' | 'categoryId' | 'compoundId', since: Date, until: Date): Promise<Array<{ key: string; count: number }>> {
    const _ = this.db.command;
    const $ = _.aggregate;
    const res = await this.col
      .aggregate()
      // A merged case is counted once: as the case it was merged into.
      .match({ createdAt: _.gte(since).and(_.lt(until)), status: _.neq('merged') })
      .group({ _id: `$${field}`, count: $.sum(1) })
      .limit(100)
      .end();
    return res.list.map((r) => ({ key: String(r._id), count: r.count as number }));
  }
  async solved(since: Date, until: Date): Promise<{ resolved: number; byStudio: number }> {
    const _ = this.db.command;
    const $ = _.aggregate;
    const res = await this.col
      .aggregate()
      .match({ createdAt: _.gte(since).and(_.lt(until)), status: 'resolved' })
      .group({ _id: null, resolved: $.sum(1), byStudio: $.sum($.cond({ if: '$solvedByStudio', then: 1, else: 0 })) })
      .end();
    const row = res.list[0];
    return { resolved: (row?.resolved as number) ?? 0, byStudio: (row?.byStudio as number) ?? 0 };
  }
  async durations(kind: 'claim' | 'resolve', since: Date, until: Date): Promise<{ n: number; median: number | null; p90: number | null }> {
    const _ = this.db.command;
    const field = kind === 'claim' ? 'claimMinutes' : 'resolveMinutes';
    const where = { createdAt: _.gte(since).and(_.lt(until)), [field]: _.gte(0) };
    const n = (await this.col.where(where).count()).total;
    if (n === 0) return { n, median: null, p90: null };
    // Nearest-rank percentiles: the value at rank ceil(p·n), read with one indexed, sorted, skipped query each.
    const at = async (p: number) => {
      const res = await this.col
        .where(where)
        .orderBy(field, 'asc')
        .skip(Math.ceil(p * n) - 1)
        .limit(1)
        .field({ [field]: true })
        .get();
      return res.data[0][field] as number;
    };
    const [median, p90] = await Promise.all([at(0.5), at(0.9)]);
    return { n, median, p90 };
  }
  async overdue(now: Date, limit: number): Promise<Case[]> {
    return (await dueBy(this.db, this.col, { open: true }, 'dueAt', now, limit)).map(docToCase);
  }
  async perHolder(since: Date, until: Date): Promise<Array<{ id: string; open: number; solved: number }>> {
    const _ = this.db.command;
    const $ = _.aggregate;
    const [open, solved] = await Promise.all([
      this.col
        .aggregate()
        .match({ status: 'claimed' })
        .group({ _id: '$holderId', n: $.sum(1) })
        .limit(100)
        .end(),
      this.col
        .aggregate()
        .match({ status: 'resolved', createdAt: _.gte(since).and(_.lt(until)) })
        .group({ _id: '$holderId', n: $.sum(1) })
        .limit(100)
        .end(),
    ]);
    const rows = new Map<string, { id: string; open: number; solved: number }>();
    const row = (id: string) => rows.get(id) ?? rows.set(id, { id, open: 0, solved: 0 }).get(id)!;
    for (const r of open.list) row(String(r._id)).open = r.n as number;
    for (const r of solved.list) row(String(r._id)).solved = r.n as number;
    return [...rows.values()];
  }
  async transfers(since: Date, until: Date): Promise<Array<{ body: string; count: number; open: number }>> {
    const _ = this.db.command;
    const $ = _.aggregate;
    const res = await this.col
      .aggregate()
      .match({ createdAt: _.gte(since).and(_.lt(until)), transferBody: _.neq(null) })
      .group({ _id: '$transferBody', count: $.sum(1), open: $.sum($.cond({ if: '$open', then: 1, else: 0 })) })
      .limit(100)
      .end();
    return res.list.map((r) => ({ body: String(r._id), count: r.count as number, open: r.open as number }));
  }

  async responses(by: RateDimension, start: Date, end: Date, weekOrigin: Date): Promise<ResponseRow[]> {
    const _ = this.db.command;
    const $ = _.aggregate;
    const field = { group: 'respondGroupId', category: 'categoryId', compound: 'compoundId', week: 'week' }[by];
    const key = by === 'week' ? $.floor($.divide([$.subtract(['$respondBy', weekOrigin]), WEEK_MS])) : `$${field}`;
    const res = await this.col
      .aggregate()
      .match({ respondBy: _.gte(start).and(_.lt(end)) })
      .group({ _id: key, of: $.sum(1), n: $.sum($.cond({ if: '$respondedInTime', then: 1, else: 0 })) })
      .limit(1000)
      .end();
    return res.list.map((r) => ({ key: String(r._id), n: r.n as number, of: r.of as number }));
  }
  async calls(start: Date, end: Date): Promise<Array<{ id: string; count: number }>> {
    const _ = this.db.command;
    const $ = _.aggregate;
    const res = await this.col
      .aggregate()
      .match({ answeredAt: _.gte(start).and(_.lt(end)), answerCallerId: _.neq(null) })
      .group({ _id: '$answerCallerId', count: $.sum(1) })
      .limit(1000)
      .end();
    return res.list.map((r) => ({ id: String(r._id), count: r.count as number }));
  }
  async answers(by: AnswerDimension, start: Date, end: Date, weekOrigin: Date): Promise<AnswerRow[]> {
    const _ = this.db.command;
    const $ = _.aggregate;
    const field = { holder: 'holderId', category: 'categoryId', compound: 'compoundId', week: 'week' }[by];
    const key = by === 'week' ? $.floor($.divide([$.subtract(['$answeredAt', weekOrigin]), WEEK_MS])) : `$${field}`;
    const res = await this.col
      .aggregate()
      .match({ answeredAt: _.gte(start).and(_.lt(end)) })
      .group({
        _id: key,
        of: $.sum(1),
        solved: $.sum($.cond({ if: '$answerSolved', then: 1, else: 0 })),
        satisfied: $.sum($.cond({ if: '$answerSatisfied', then: 1, else: 0 })),
      })
      .limit(1000)
      .end();
    return res.list.map((r) => ({ key: String(r._id), of: r.of as number, solved: r.solved as number, satisfied: r.satisfied as number }));
  }
}
