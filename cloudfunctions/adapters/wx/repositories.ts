/**
 * Ports implemented on the WeChat Cloud database. Each state change is one conditional write; lists are indexed,
 * paginated queries (≤ 100 per call); dashboard figures come from the database's aggregation.
 */
import type { SubscribeAnswer } from '../../../types/api';
import type { OfficeQueue, Place } from '../../../types/domain';
import type { Case, TimelineEntry } from '../../core/Case';
import { claimDueAt, dueAt, isOpen, resolveDueAt } from '../../core/Case';
import type { CommunityConfig, Person } from '../../core/community';
import type { AuditEntry, AuditLog, CaseStats, Cases, Community, Holdings, Invites, MessageRecord, Messages, People, Subscriptions } from '../../core/ports';
import type { Effect } from '../../core/effects';
import { effectsOf } from '../../core/effects';
import type { ConfigCache } from './config-cache';
import type { Invite } from '../../core/admin';
import type { Delivery } from '../../core/notify';
import { COLLECTIONS, COMMUNITY_CONFIG_ID } from './collections';
import type { Database, Doc } from './db-types';
import { isMissingDoc } from './db-types';

const MINUTE = 60_000;

/**
 * The stored form of a case. Beside the case itself, flat fields exist for indexed queries and aggregation:
 * reporterId, poolGroupId, holderId, open, atOffice, rule, compoundId, the SLA deadlines claimDueAt / resolveDueAt
 * (null when the SLA clock has nothing to watch), dueAt (any open case's next deadline), and for the dashboard
 * claimMinutes / resolveMinutes (wall-clock minutes from report to first claim / to resolution) and solvedByStudio.
 */
function caseToDoc(c: Case): Record<string, unknown> {
  const holder = c.status === 'claimed' || c.status === 'resolved' ? c.holder : null;
  const firstClaim = c.timeline.find((t) => t.kind === 'claimed' || t.kind === 'assigned');
  const everEscalated = c.timeline.some((t) => t.kind === 'escalated');
  const open = isOpen(c);
  return {
    code: c.code,
    version: c.version,
    status: c.status,
    reporter: c.reporter,
    reporterId: c.reporter.id,
    categoryId: c.categoryId,
    description: c.description,
    place: c.place,
    compoundId: c.place.compoundId,
    contactPhone: c.contactPhone,
    routing: c.routing,
    rule: c.routing.rule,
    poolGroupId: c.status === 'pending' && c.routing.target === 'studio' ? c.routing.groupId : null,
    open,
    atOffice: open && c.routing.target === 'office',
    urgent: c.urgent,
    filedFor: c.filedFor,
    private: c.private,
    photos: c.photos,
    urgedAt: c.urgedAt,
    confirmedAt: c.confirmedAt,
    rating: c.rating,
    cancellation: c.status === 'cancelled' ? c.cancellation : null,
    createdAt: c.createdAt,
    reopenCount: c.reopenCount,
    timeline: c.timeline,
    claimDueAt: claimDueAt(c),
    resolveDueAt: resolveDueAt(c),
    heldDueAt: c.status === 'claimed' ? c.resolveDueAt : null,
    dueAt: open ? dueAt(c) : null,
    holder,
    holderId: holder?.id ?? null,
    claimedAt: c.status === 'claimed' || c.status === 'resolved' ? c.claimedAt : null,
    claimMinutes: firstClaim ? Math.round((firstClaim.at.getTime() - c.createdAt.getTime()) / MINUTE) : null,
    resolution: c.status === 'resolved' ? c.resolution : null,
    resolvedAt: c.status === 'resolved' ? c.resolution.at : null,
    resolveMinutes: c.status === 'resolved' ? Math.round((c.resolution.at.getTime() - c.createdAt.getTime()) / MINUTE) : null,
    solvedByStudio: c.status === 'resolved' && c.routing.target === 'studio' && !everEscalated,
    rejection: c.status === 'rejected' ? c.rejection : null,
  };
}

/** Stored dates may come back as Date or ISO string depending on the path; make the field a Date (or null). */
function dateField<T extends object>(o: T, key: keyof T & string): T {
  const v = (o as Record<string, unknown>)[key];
  return { ...o, [key]: v ? new Date(v as Date) : null };
}

type Actor = Case['reporter'];

function docToCase(d: Doc): Case {
  const base = {
    id: d._id,
    code: d.code as string,
    version: d.version as number,
    reporter: d.reporter as Actor,
    categoryId: d.categoryId as string,
    description: d.description as string,
    place: d.place as Place,
    contactPhone: d.contactPhone as string,
    routing: dateField(d.routing as Case['routing'], 'expectedBy'),
    createdAt: new Date(d.createdAt as Date),
    reopenCount: (d.reopenCount as number | undefined) ?? 0,
    urgent: Boolean(d.urgent),
    filedFor: (d.filedFor as Case['filedFor']) ?? null,
    private: Boolean(d.private),
    photos: (d.photos as string[] | undefined) ?? [],
    urgedAt: d.urgedAt ? new Date(d.urgedAt as Date) : null,
    confirmedAt: d.confirmedAt ? new Date(d.confirmedAt as Date) : null,
    rating: (d.rating as Case['rating']) ?? null,
    timeline: (d.timeline as TimelineEntry[]).map((t) => ({ ...t, at: new Date(t.at) })),
    effects: storedEffects(d.effects),
  };
  switch (d.status) {
    case 'pending':
      return { ...base, status: 'pending' };
    case 'claimed':
      return {
        ...base,
        status: 'claimed',
        holder: d.holder as Actor,
        claimedAt: new Date(d.claimedAt as Date),
        resolveDueAt: d.heldDueAt ? new Date(d.heldDueAt as Date) : d.resolveDueAt ? new Date(d.resolveDueAt as Date) : null,
      };
    case 'resolved': {
      const r = d.resolution as { note: string; by: Actor; at: Date };
      return { ...base, status: 'resolved', holder: d.holder as Actor, claimedAt: new Date(d.claimedAt as Date), resolution: { ...r, at: new Date(r.at) } };
    }
    case 'rejected': {
      const r = d.rejection as { reason: string; by: Actor; at: Date };
      return { ...base, status: 'rejected', rejection: { ...r, at: new Date(r.at) } };
    }
    case 'cancelled': {
      const r = d.cancellation as { reason: string; at: Date };
      return { ...base, status: 'cancelled', cancellation: { ...r, at: new Date(r.at) } };
    }
    default:
      throw new Error(`stored case ${d._id} has unknown status ${String(d.status)}`);
  }
}

/** Pending effects as stored (a map by effect id, so each is added and cleared on its own), in recording order. */
function storedEffects(map: unknown): Effect[] {
  if (!map || typeof map !== 'object') return [];
  const order = (e: Effect) => [e.v, Number(e.id.split('_')[1] ?? 0)];
  return Object.values(map as Record<string, Effect>)
    .map((e) => ({ ...e, due: new Date(e.due) }))
    .sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1]);
}

/** The fields that record `c`'s new effects in its write: each by id, and when the timer may complete them. */
function effectFields(db: Database, c: Case): Record<string, unknown> {
  const fresh = effectsOf(c);
  if (fresh.length === 0) return {};
  const due = new Date(Math.min(...fresh.map((e) => e.due.getTime())));
  return { effects: Object.fromEntries(fresh.map((e) => [e.id, db.command.set(e)])), effectsDueAt: due };
}

/** Wrap object values in command.set so an update replaces them instead of merging field by field. */
function replacing(db: Database, data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    out[k] = v !== null && typeof v === 'object' && !(v instanceof Date) ? db.command.set(v) : v;
  }
  return out;
}

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
  }
}

export const OFFICE_QUEUES: OfficeQueue[] = ['escalated', 'office-only', 'emergency', 'overdue', 'open'];

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
    try {
      await this.col.add({ data: { _id: c.id, ...caseToDoc(c), ...effects } });
      return true;
    } catch (err) {
      // NOTE: ids are unique in the database: a second add with the same id (an idempotent retry) fails.
      if (await this.ofId(c.id)) return false;
      throw err;
    }
  }
  async ofId(id: string): Promise<Case | null> {
    try {
      return docToCase((await this.col.doc(id).get()).data);
    } catch (err) {
      if (isMissingDoc(err)) return null;
      throw err;
    }
  }
  async ofReporter(reporterId: string, limit: number): Promise<Case[]> {
    const res = await this.col.where({ reporterId }).orderBy('createdAt', 'desc').limit(limit).get();
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
    const _ = this.db.command;
    const res = await this.col
      .where({ status: 'pending', claimDueAt: _.lte(now) })
      .orderBy('claimDueAt', 'asc')
      .limit(limit)
      .get();
    return res.data.map(docToCase);
  }
  async dueForResolve(now: Date, limit: number): Promise<Case[]> {
    const _ = this.db.command;
    const res = await this.col
      .where({ status: 'claimed', resolveDueAt: _.lte(now) })
      .orderBy('resolveDueAt', 'asc')
      .limit(limit)
      .get();
    return res.data.map(docToCase);
  }
  async replaceIfVersion(next: Case): Promise<boolean> {
    const data = { ...replacing(this.db, caseToDoc(next)), ...effectFields(this.db, next) };
    const res = await this.col.where({ _id: next.id, version: next.version - 1 }).update({ data });
    return res.stats.updated === 1;
  }
  async withPendingEffects(now: Date, limit: number): Promise<Case[]> {
    const res = await this.col
      .where({ effectsDueAt: this.db.command.lte(now) })
      .orderBy('effectsDueAt', 'asc')
      .limit(limit)
      .get();
    return res.data.map(docToCase);
  }
  async settleEffects(caseId: string, version: number): Promise<void> {
    await this.col.where({ _id: caseId, version }).update({ data: { effects: this.db.command.set({}), effectsDueAt: null } });
  }

  // --- CaseStats: aggregation and indexed queries, never a read of every case ---
  async countBy(field: 'status' | 'categoryId' | 'compoundId', since: Date): Promise<Array<{ key: string; count: number }>> {
    const _ = this.db.command;
    const $ = _.aggregate;
    const res = await this.col
      .aggregate()
      .match({ createdAt: _.gte(since) })
      .group({ _id: `$${field}`, count: $.sum(1) })
      .limit(100)
      .end();
    return res.list.map((r) => ({ key: String(r._id), count: r.count as number }));
  }
  async solved(since: Date): Promise<{ resolved: number; byStudio: number }> {
    const _ = this.db.command;
    const $ = _.aggregate;
    const res = await this.col
      .aggregate()
      .match({ createdAt: _.gte(since), status: 'resolved' })
      .group({ _id: null, resolved: $.sum(1), byStudio: $.sum($.cond({ if: '$solvedByStudio', then: 1, else: 0 })) })
      .end();
    const row = res.list[0];
    return { resolved: (row?.resolved as number) ?? 0, byStudio: (row?.byStudio as number) ?? 0 };
  }
  async durations(kind: 'claim' | 'resolve', since: Date): Promise<{ n: number; median: number | null; p90: number | null }> {
    const _ = this.db.command;
    const field = kind === 'claim' ? 'claimMinutes' : 'resolveMinutes';
    const where = { createdAt: _.gte(since), [field]: _.gte(0) };
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
    const _ = this.db.command;
    const res = await this.col
      .where({ open: true, dueAt: _.lte(now) })
      .orderBy('dueAt', 'asc')
      .limit(limit)
      .get();
    return res.data.map(docToCase);
  }
  async perHolder(since: Date): Promise<Array<{ id: string; open: number; solved: number }>> {
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
        .match({ status: 'resolved', createdAt: _.gte(since) })
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
}

function docToPerson(d: Doc): Person {
  return {
    id: d._id,
    role: (d.role as Person['role']) ?? 'resident',
    name: (d.name as string) ?? '',
    phone: (d.phone as string) ?? '',
    groupId: (d.groupId as string | null) ?? null,
    compounds: (d.compounds as string[]) ?? [],
    lastPlace: (d.lastPlace as Place | null) ?? null,
    leave: (d.leave as Person['leave'] | undefined) ?? [],
  };
}

export class PeopleWxDb implements People {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.users);
  }
  async ofId(id: string): Promise<Person | null> {
    try {
      return docToPerson((await this.col.doc(id).get()).data);
    } catch (err) {
      if (isMissingDoc(err)) return null;
      throw err;
    }
  }
  async ofGroup(groupId: string): Promise<Person[]> {
    const res = await this.col.where({ role: 'member', groupId }).limit(100).get();
    return res.data.map(docToPerson);
  }
  async members(): Promise<Person[]> {
    const res = await this.col.where({ role: 'member' }).limit(100).get();
    return res.data.map(docToPerson);
  }
  async staff(): Promise<Person[]> {
    const res = await this.col
      .where({ role: this.db.command.in(['office', 'admin']) })
      .limit(100)
      .get();
    return res.data.map(docToPerson);
  }
  async save(p: Person): Promise<void> {
    const { id, ...rest } = p;
    const data = { ...rest, lastPlace: rest.lastPlace ? this.db.command.set(rest.lastPlace) : null, leave: rest.leave, compounds: rest.compounds };
    const res = await this.col.doc(id).update({ data });
    if (res.stats.updated > 0) return;
    if (await this.ofId(id)) return; // unchanged
    await this.col.doc(id).set({ data: { ...rest } });
  }
  async rememberPlace(id: string, place: Place): Promise<void> {
    // NOTE: `updated` may count modified rather than matched records (an update writing the same values counts 0),
    // so 0 does not prove the record is missing: try to create it, and a duplicate means it was there all along.
    const res = await this.col.doc(id).update({ data: { lastPlace: this.db.command.set(place), lastSeenAt: this.db.serverDate() } });
    if (res.stats.updated > 0) return;
    try {
      await this.col.add({
        data: { _id: id, role: 'resident', name: '', phone: '', groupId: null, compounds: [], lastPlace: place, lastSeenAt: this.db.serverDate() },
      });
    } catch (err) {
      if (!(await this.ofId(id))) throw err;
    }
  }
}

export class CommunityWxDb implements Community {
  constructor(
    private readonly db: Database,
    private readonly cache: ConfigCache | null = null,
  ) {}
  /** The record: the configuration, and (until logged) the audit entry of its last change, `pendingAudit`. */
  async current(): Promise<CommunityConfig> {
    const cached = this.cache?.get();
    if (cached) return cached;
    const res = await this.db.collection(COLLECTIONS.config).doc(COMMUNITY_CONFIG_ID).get();
    const { _id: _ignored, ...config } = res.data;
    this.cache?.set(config as unknown as CommunityConfig);
    return config as unknown as CommunityConfig;
  }
  /** Replace the whole record in one write (a `pendingAudit` in `config` is written with it). */
  async save(config: CommunityConfig): Promise<void> {
    // The record read back carries its _id; a write must not.
    const { _id: _ignored, ...data } = config as CommunityConfig & { _id?: string };
    this.cache?.clear();
    await this.db.collection(COLLECTIONS.config).doc(COMMUNITY_CONFIG_ID).set({ data });
    this.cache?.clear();
  }
  /** Clear the pending audit entry `id` once it is logged: one conditional write (a newer change is left alone). */
  async clearPendingAudit(id: string): Promise<void> {
    this.cache?.clear();
    await this.db
      .collection(COLLECTIONS.config)
      .where({ _id: COMMUNITY_CONFIG_ID, 'pendingAudit.id': id })
      .update({ data: { pendingAudit: this.db.command.remove() } });
  }
}

/** Credit ledger: record `{ _id: openid, credits: { [templateId]: n } }`. */
export class SubscriptionsWxDb implements Subscriptions {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.subscriptions);
  }
  async record(personId: string, answers: Record<string, SubscribeAnswer>, grantId?: string): Promise<void> {
    const _ = this.db.command;
    const accepted = Object.keys(answers).filter((t) => answers[t] === 'accept');
    if (accepted.length === 0) return;
    const inc: Record<string, unknown> = {};
    for (const t of accepted) inc[t] = _.inc(1);
    // NOTE: with a grant id the increment and the grant's mark are one conditional write: a second record of the
    // same grant matches nothing.
    const where = grantId ? { _id: personId, [`grants.${grantId}`]: _.exists(false) } : { _id: personId };
    const data = grantId ? { credits: inc, grants: { [grantId]: true } } : { credits: inc };
    for (let attempt = 0; attempt < 2; attempt++) {
      if ((await this.col.where(where).update({ data })).stats.updated === 1) return;
      const existing = (await this.col.where({ _id: personId }).limit(1).get()).data[0];
      if (existing) {
        if (grantId && (existing.grants as Record<string, unknown> | undefined)?.[grantId]) return; // recorded before
        continue; // a concurrent first record created it: add ours to it
      }
      const credits = Object.fromEntries(accepted.map((t) => [t, 1]));
      try {
        await this.col.add({ data: { _id: personId, credits, grants: grantId ? { [grantId]: true } : {} } });
        return;
      } catch {
        // Created by a concurrent call in between: try the update again.
      }
    }
    throw new Error(`subscriptions: could not record credits for ${personId}`);
  }
  async take(personId: string, templateId: string): Promise<boolean> {
    const _ = this.db.command;
    const res = await this.col.where({ _id: personId, [`credits.${templateId}`]: _.gt(0) }).update({ data: { credits: { [templateId]: _.inc(-1) } } });
    return res.stats.updated === 1;
  }
  async clear(personId: string, templateId: string): Promise<void> {
    await this.col.doc(personId).update({ data: { credits: { [templateId]: 0 } } });
  }
  async credits(personId: string): Promise<Record<string, number>> {
    try {
      return ((await this.col.doc(personId).get()).data.credits as Record<string, number>) ?? {};
    } catch (err) {
      if (isMissingDoc(err)) return {};
      throw err;
    }
  }
}

/** When the outbox sweep should look at a message: its retry time, or when an in-flight send counts as cut off. */
const retryAtOf = (d: Delivery): Date | null => (d.status === 'retrying' || d.status === 'sending' ? d.nextAttemptAt : null);

function docToMessage(d: Doc): MessageRecord {
  const delivery = d.delivery as Delivery;
  return {
    id: d._id,
    touser: d.touser as string,
    caseId: (d.caseId as string | null) ?? null,
    title: d.title as string,
    text: d.text as string,
    at: new Date(d.at as Date),
    read: Boolean(d.read),
    wechat: (d.wechat as MessageRecord['wechat']) ?? null,
    delivery: { ...delivery, nextAttemptAt: delivery.nextAttemptAt ? new Date(delivery.nextAttemptAt) : null },
  };
}

/** The message centre and WeChat outbox: one record per notification per person. */
export class MessagesWxDb implements Messages {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.messages);
  }
  async add(r: MessageRecord): Promise<boolean> {
    const { id, ...rest } = r;
    try {
      await this.col.add({ data: { _id: id, ...rest, retryAt: retryAtOf(r.delivery) } });
      return true;
    } catch (err) {
      // NOTE: ids are unique: a second add of the same message (an effect completed twice) fails.
      if ((await this.col.where({ _id: id }).limit(1).get()).data.length > 0) return false;
      throw err;
    }
  }
  async setDelivery(id: string, d: Delivery): Promise<void> {
    await this.col.doc(id).update({ data: { delivery: this.db.command.set(d), retryAt: retryAtOf(d) } });
  }
  async claimRetry(id: string, attempts: number, leaseUntil: Date): Promise<boolean> {
    const res = await this.col
      .where({ _id: id, 'delivery.status': 'retrying', 'delivery.attempts': attempts })
      .update({ data: { delivery: { status: 'sending', nextAttemptAt: leaseUntil }, retryAt: leaseUntil } });
    return res.stats.updated === 1;
  }
  async dueForRetry(now: Date, limit: number): Promise<MessageRecord[]> {
    const res = await this.col
      .where({ retryAt: this.db.command.lte(now) })
      .orderBy('retryAt', 'asc')
      .limit(limit)
      .get();
    return res.data.map(docToMessage);
  }
  async ofUser(personId: string, page: number, limit: number): Promise<{ items: MessageRecord[]; hasMore: boolean }> {
    const res = await this.col
      .where({ touser: personId })
      .orderBy('at', 'desc')
      .skip(page * limit)
      .limit(limit + 1)
      .get();
    return { items: res.data.slice(0, limit).map(docToMessage), hasMore: res.data.length > limit };
  }
  async unread(personId: string): Promise<number> {
    return (await this.col.where({ touser: personId, read: false }).count()).total;
  }
  async markRead(personId: string, ids?: string[]): Promise<void> {
    const where: Record<string, unknown> = { touser: personId, read: false };
    if (ids) where._id = this.db.command.in(ids);
    await this.col.where(where).update({ data: { read: true } });
  }
}

function docToInvite(d: Doc): Invite {
  return {
    code: d._id,
    role: d.role as Invite['role'],
    groupId: (d.groupId as string | null) ?? null,
    expiresAt: new Date(d.expiresAt as Date),
    createdBy: d.createdBy as Actor,
    usedBy: (d.usedBy as Actor | null) ?? null,
    usedAt: d.usedAt ? new Date(d.usedAt as Date) : null,
    voided: Boolean(d.voided),
  };
}

/** Invite codes, _id = the code. */
export class InvitesWxDb implements Invites {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.invites);
  }
  async add(inv: Invite): Promise<boolean> {
    const { code, ...rest } = inv;
    try {
      await this.col.add({ data: { _id: code, ...rest, createdAt: this.db.serverDate() } });
      return true;
    } catch (err) {
      if (await this.ofCode(code)) return false;
      throw err;
    }
  }
  async ofCode(code: string): Promise<Invite | null> {
    const res = await this.col.where({ _id: code }).limit(1).get();
    return res.data[0] ? docToInvite(res.data[0]) : null;
  }
  async redeem(code: string, by: Actor, now: Date): Promise<boolean> {
    const res = await this.col
      .where({ _id: code, usedBy: null, voided: false, expiresAt: this.db.command.gt(now) })
      .update({ data: { usedBy: this.db.command.set(by), usedAt: now } });
    return res.stats.updated === 1;
  }
  async void(code: string): Promise<boolean> {
    const res = await this.col.where({ _id: code, usedBy: null }).update({ data: { voided: true } });
    return res.stats.updated === 1 || Boolean((await this.ofCode(code))?.voided);
  }
  async recent(limit: number): Promise<Invite[]> {
    const res = await this.col.orderBy('createdAt', 'desc').limit(limit).get();
    return res.data.map(docToInvite);
  }
}

/** The audit log: append-only. */
export class AuditWxDb implements AuditLog {
  constructor(private readonly db: Database) {}
  /** Append an entry; one with an `id` is stored under it, and adding it again is a no-op (already logged). */
  async add(e: AuditEntry & { id?: string }): Promise<void> {
    const { id, ...entry } = e;
    const data = { ...entry, before: entry.before ?? null, after: entry.after ?? null };
    if (typeof id !== 'string' || !id) {
      await this.db.collection(COLLECTIONS.audit).add({ data });
      return;
    }
    try {
      await this.db.collection(COLLECTIONS.audit).add({ data: { _id: id, ...data } });
    } catch (err) {
      // NOTE: ids are unique: a second add of the same entry fails, and the entry is there — done.
      const there = await this.db.collection(COLLECTIONS.audit).where({ _id: id }).limit(1).get();
      if (there.data.length === 0) throw err;
    }
  }
  async page(page: number, limit: number): Promise<{ items: AuditEntry[]; hasMore: boolean }> {
    const res = await this.db
      .collection(COLLECTIONS.audit)
      .orderBy('at', 'desc')
      .skip(page * limit)
      .limit(limit + 1)
      .get();
    // The record's _id (random, or the entry's id) is storage, not part of the entry.
    const items = res.data.slice(0, limit).map(({ _id: _ignored, ...d }) => ({ ...(d as unknown as AuditEntry), at: new Date(d.at as Date) }));
    return { items, hasMore: res.data.length > limit };
  }
}

const SLOT_KEY = /^[A-Za-z0-9_-]{1,64}$/;
/** A case id as a field name (ids are made of safe characters; anything else is refused rather than mangled). */
function slotKey(caseId: string): string {
  if (!SLOT_KEY.test(caseId)) throw new Error(`holdings: case id ${JSON.stringify(caseId)} cannot name a slot`);
  return caseId;
}

/**
 * Claim-cap slots: record `{ _id: memberId, n, slots: { [caseId]: reservedAt } }`. A reservation is one conditional
 * write that matches only while n < cap and the slot is absent, so parallel claims and hand-overs never pass the cap.
 * NOTE: the record is created from the cases the member holds at first use; a reservation whose case write never
 * happened (the function died in between) is reclaimed when the cap is reached and it is older than the lease.
 */
export class HoldingsWxDb implements Holdings {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.holdings);
  }
  private async record(memberId: string): Promise<{ n: number; slots: Record<string, Date> } | null> {
    const res = await this.col.where({ _id: memberId }).limit(1).get();
    const d = res.data[0];
    return d ? { n: d.n as number, slots: (d.slots as Record<string, Date>) ?? {} } : null;
  }
  async reserve(memberId: string, caseId: string, cap: number, now: Date, staleBefore: Date): Promise<boolean> {
    const _ = this.db.command;
    const key = slotKey(caseId);
    let reclaimed = false;
    for (let attempt = 0; attempt < 4; attempt++) {
      const res = await this.col
        .where({ _id: memberId, n: _.lt(cap), [`slots.${key}`]: _.exists(false) })
        .update({ data: { n: _.inc(1), slots: { [key]: now } } });
      if (res.stats.updated === 1) return true;
      const rec = await this.record(memberId);
      if (rec) {
        if (key in rec.slots) return true; // reserved by an earlier attempt of this request
        if (rec.n < cap) continue; // the record was being created by a parallel first reservation: try again
        if (reclaimed || !(await this.reclaimStale(memberId, rec.slots, staleBefore))) return false;
        reclaimed = true;
        continue;
      }
      const held = await this.db
        .collection(COLLECTIONS.cases)
        .where({ holderId: memberId, status: 'claimed', atOffice: false })
        .field({ _id: true })
        .limit(100)
        .get();
      const slots: Record<string, Date> = Object.fromEntries(held.data.map((h) => [slotKey(h._id), now]));
      // A case the member holds already has its slot (counted from the cases): reserved, whatever the cap.
      const fits = key in slots || Object.keys(slots).length < cap;
      if (fits) slots[key] = now;
      try {
        await this.col.add({ data: { _id: memberId, n: Object.keys(slots).length, slots } });
        return fits;
      } catch {
        // Created by a concurrent first reservation: go round again.
      }
    }
    return false;
  }
  /** Free reservations older than the lease whose case this member does not hold; true if any was freed. */
  private async reclaimStale(memberId: string, slots: Record<string, Date>, staleBefore: Date): Promise<boolean> {
    const old = Object.keys(slots).filter((k) => new Date(slots[k]).getTime() < staleBefore.getTime());
    if (old.length === 0) return false;
    const res = await this.db
      .collection(COLLECTIONS.cases)
      .where({ _id: this.db.command.in(old), holderId: memberId, status: 'claimed' })
      .field({ _id: true })
      .limit(100)
      .get();
    const held = new Set(res.data.map((d) => d._id));
    const stale = old.filter((k) => !held.has(k));
    for (const k of stale) await this.free(memberId, k);
    return stale.length > 0;
  }
  async take(memberId: string, caseId: string, now: Date): Promise<void> {
    const _ = this.db.command;
    const key = slotKey(caseId);
    // NOTE: no record yet means none was ever needed: the first reservation counts this case from the cases.
    await this.col.where({ _id: memberId, [`slots.${key}`]: _.exists(false) }).update({ data: { n: _.inc(1), slots: { [key]: now } } });
  }
  async free(memberId: string, caseId: string): Promise<void> {
    const _ = this.db.command;
    const key = slotKey(caseId);
    await this.col.where({ _id: memberId, [`slots.${key}`]: _.exists(true) }).update({ data: { n: _.inc(-1), slots: { [key]: _.remove() } } });
  }
}
