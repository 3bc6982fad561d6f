/**
 * Ports implemented on the WeChat Cloud database. Each state change is one conditional write; lists are indexed,
 * paginated queries (≤ 100 per call); dashboard figures come from the database's aggregation.
 */
import type { SubscribeAnswer } from '../../../types/api';
import type { OfficeQueue, Place } from '../../../types/domain';
import type { Case, TimelineEntry } from '../../core/Case';
import { claimDueAt, dueAt, isOpen, resolveDueAt } from '../../core/Case';
import type { CommunityConfig, Person } from '../../core/community';
import type { AuditEntry, AuditLog, CaseStats, Cases, Community, Invites, MessageRecord, Messages, People, Subscriptions } from '../../core/ports';
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
    try {
      await this.col.add({ data: { _id: c.id, ...caseToDoc(c) } });
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
  async ofPool(groupId: string, limit: number): Promise<Case[]> {
    const res = await this.col.where({ poolGroupId: groupId, status: 'pending' }).orderBy('createdAt', 'asc').limit(limit).get();
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
    const res = await this.col.where(q.where).orderBy(q.order, 'asc').skip(page * limit).limit(Math.min(limit + 1, 100)).get();
    return { cases: res.data.slice(0, limit).map(docToCase), hasMore: res.data.length > limit };
  }
  async countOfficeQueues(now: Date): Promise<Record<OfficeQueue, number>> {
    const totals = await Promise.all(OFFICE_QUEUES.map((q) => this.col.where(officeQueueQuery(this.db, q, now).where).count()));
    return Object.fromEntries(OFFICE_QUEUES.map((q, i) => [q, totals[i].total])) as Record<OfficeQueue, number>;
  }
  async dueForClaim(now: Date, limit: number): Promise<Case[]> {
    const _ = this.db.command;
    const res = await this.col.where({ status: 'pending', claimDueAt: _.lte(now) }).orderBy('claimDueAt', 'asc').limit(limit).get();
    return res.data.map(docToCase);
  }
  async dueForResolve(now: Date, limit: number): Promise<Case[]> {
    const _ = this.db.command;
    const res = await this.col.where({ status: 'claimed', resolveDueAt: _.lte(now) }).orderBy('resolveDueAt', 'asc').limit(limit).get();
    return res.data.map(docToCase);
  }
  async replaceIfVersion(next: Case): Promise<boolean> {
    const res = await this.col.where({ _id: next.id, version: next.version - 1 }).update({ data: replacing(this.db, caseToDoc(next)) });
    return res.stats.updated === 1;
  }

  // --- CaseStats: aggregation and indexed queries, never a read of every case ---
  async countBy(field: 'status' | 'categoryId' | 'compoundId', since: Date): Promise<Array<{ key: string; count: number }>> {
    const _ = this.db.command;
    const $ = _.aggregate;
    const res = await this.col.aggregate().match({ createdAt: _.gte(since) }).group({ _id: `$${field}`, count: $.sum(1) }).limit(100).end();
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
      const res = await this.col.where(where).orderBy(field, 'asc').skip(Math.ceil(p * n) - 1).limit(1).field({ [field]: true }).get();
      return res.data[0][field] as number;
    };
    const [median, p90] = await Promise.all([at(0.5), at(0.9)]);
    return { n, median, p90 };
  }
  async overdue(now: Date, limit: number): Promise<Case[]> {
    const _ = this.db.command;
    const res = await this.col.where({ open: true, dueAt: _.lte(now) }).orderBy('dueAt', 'asc').limit(limit).get();
    return res.data.map(docToCase);
  }
  async perHolder(since: Date): Promise<Array<{ id: string; open: number; solved: number }>> {
    const _ = this.db.command;
    const $ = _.aggregate;
    const [open, solved] = await Promise.all([
      this.col.aggregate().match({ status: 'claimed' }).group({ _id: '$holderId', n: $.sum(1) }).limit(100).end(),
      this.col.aggregate().match({ status: 'resolved', createdAt: _.gte(since) }).group({ _id: '$holderId', n: $.sum(1) }).limit(100).end(),
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
    const res = await this.col.where({ role: this.db.command.in(['office', 'admin']) }).limit(100).get();
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
  constructor(private readonly db: Database) {}
  async current(): Promise<CommunityConfig> {
    const res = await this.db.collection(COLLECTIONS.config).doc(COMMUNITY_CONFIG_ID).get();
    const { _id: _ignored, ...config } = res.data;
    return config as unknown as CommunityConfig;
  }
  async save(config: CommunityConfig): Promise<void> {
    // The record read back carries its _id; a write must not.
    const { _id: _ignored, ...data } = config as CommunityConfig & { _id?: string };
    await this.db.collection(COLLECTIONS.config).doc(COMMUNITY_CONFIG_ID).set({ data });
  }
}

/** Credit ledger: record `{ _id: openid, credits: { [templateId]: n } }`. */
export class SubscriptionsWxDb implements Subscriptions {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.subscriptions);
  }
  async record(personId: string, answers: Record<string, SubscribeAnswer>): Promise<void> {
    const accepted = Object.keys(answers).filter((t) => answers[t] === 'accept');
    if (accepted.length === 0) return;
    const inc: Record<string, unknown> = {};
    for (const t of accepted) inc[t] = this.db.command.inc(1);
    const res = await this.col.doc(personId).update({ data: { credits: inc } });
    if (res.stats.updated === 0) {
      const credits: Record<string, number> = {};
      for (const t of accepted) credits[t] = 1;
      try {
        await this.col.add({ data: { _id: personId, credits } });
      } catch {
        // Created by a concurrent call in between: add our credits to it.
        await this.col.doc(personId).update({ data: { credits: inc } });
      }
    }
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
  async add(r: Omit<MessageRecord, 'id'>): Promise<void> {
    await this.col.add({
      data: { ...r, retryAt: r.delivery.status === 'retrying' ? r.delivery.nextAttemptAt : null },
    });
  }
  async setDelivery(id: string, d: Delivery): Promise<void> {
    await this.col.doc(id).update({ data: { delivery: this.db.command.set(d), retryAt: d.status === 'retrying' ? d.nextAttemptAt : null } });
  }
  async dueForRetry(now: Date, limit: number): Promise<MessageRecord[]> {
    const res = await this.col.where({ retryAt: this.db.command.lte(now) }).orderBy('retryAt', 'asc').limit(limit).get();
    return res.data.map(docToMessage);
  }
  async ofUser(personId: string, page: number, limit: number): Promise<{ items: MessageRecord[]; hasMore: boolean }> {
    const res = await this.col.where({ touser: personId }).orderBy('at', 'desc').skip(page * limit).limit(limit + 1).get();
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
    const res = await this.col.where({ _id: code, usedBy: null, voided: false, expiresAt: this.db.command.gt(now) }).update({ data: { usedBy: this.db.command.set(by), usedAt: now } });
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
  async add(e: AuditEntry): Promise<void> {
    await this.db.collection(COLLECTIONS.audit).add({ data: { ...e, before: e.before ?? null, after: e.after ?? null } });
  }
  async page(page: number, limit: number): Promise<{ items: AuditEntry[]; hasMore: boolean }> {
    const res = await this.db.collection(COLLECTIONS.audit).orderBy('at', 'desc').skip(page * limit).limit(limit + 1).get();
    const items = res.data.slice(0, limit).map((d) => ({ ...(d as unknown as AuditEntry), at: new Date(d.at as Date) }));
    return { items, hasMore: res.data.length > limit };
  }
}
