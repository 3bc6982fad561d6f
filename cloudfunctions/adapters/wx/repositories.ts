/**
 * Ports implemented on the WeChat Cloud database. Each state change is one conditional write.
 */
import type { SubscribeAnswer } from '../../../types/api';
import type { Place } from '../../../types/domain';
import type { Case, TimelineEntry } from '../../core/Case';
import { claimDueAt } from '../../core/Case';
import type { CommunityConfig, Person } from '../../core/community';
import type { SubscribeMessage } from '../../core/messages';
import type { Cases, Community, Notifier, People, SendOutcome, Subscriptions } from '../../core/ports';
import { COLLECTIONS, COMMUNITY_CONFIG_ID } from './collections';
import type { Database, Doc } from './db-types';
import { isMissingDoc } from './db-types';
import { sendSubscribeMessage } from './sdk';

/**
 * The stored form of a case. Flat fields exist for indexed queries: reporterId, poolGroupId, holderId, and the
 * SLA deadlines claimDueAt / resolveDueAt (null when the SLA clock has nothing to watch).
 */
function caseToDoc(c: Case): Record<string, unknown> {
  const holder = c.status === 'pending' ? null : c.holder;
  return {
    code: c.code,
    version: c.version,
    status: c.status,
    reporter: c.reporter,
    reporterId: c.reporter.id,
    categoryId: c.categoryId,
    description: c.description,
    place: c.place,
    contactPhone: c.contactPhone,
    routing: c.routing,
    poolGroupId: c.status === 'pending' && c.routing.target === 'studio' ? c.routing.groupId : null,
    createdAt: c.createdAt,
    reopenCount: c.reopenCount,
    timeline: c.timeline,
    claimDueAt: claimDueAt(c),
    resolveDueAt: c.status === 'claimed' ? c.resolveDueAt : null,
    holder,
    holderId: holder?.id ?? null,
    claimedAt: c.status === 'pending' ? null : c.claimedAt,
    resolution: c.status === 'resolved' ? c.resolution : null,
  };
}

/** Stored dates may come back as Date or ISO string depending on the path; make the field a Date (or null). */
function dateField<T extends object>(o: T, key: keyof T & string): T {
  const v = (o as Record<string, unknown>)[key];
  return { ...o, [key]: v ? new Date(v as Date) : null };
}

function docToCase(d: Doc): Case {
  const base = {
    id: d._id,
    code: d.code as string,
    version: d.version as number,
    reporter: d.reporter as Case['reporter'],
    categoryId: d.categoryId as string,
    description: d.description as string,
    place: d.place as Place,
    contactPhone: d.contactPhone as string,
    routing: dateField(d.routing as Case['routing'], 'expectedBy'),
    createdAt: new Date(d.createdAt as Date),
    reopenCount: (d.reopenCount as number | undefined) ?? 0,
    timeline: (d.timeline as TimelineEntry[]).map((t) => ({ ...t, at: new Date(t.at) })),
  };
  switch (d.status) {
    case 'pending':
      return { ...base, status: 'pending' };
    case 'claimed':
      return {
        ...base,
        status: 'claimed',
        holder: d.holder as Case['reporter'],
        claimedAt: new Date(d.claimedAt as Date),
        resolveDueAt: d.resolveDueAt ? new Date(d.resolveDueAt as Date) : null,
      };
    case 'resolved': {
      const r = d.resolution as { note: string; by: Case['reporter']; at: Date };
      return {
        ...base,
        status: 'resolved',
        holder: d.holder as Case['reporter'],
        claimedAt: new Date(d.claimedAt as Date),
        resolution: { ...r, at: new Date(r.at) },
      };
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

export class CasesWxDb implements Cases {
  constructor(private readonly db: Database) {}
  private get col() {
    return this.db.collection(COLLECTIONS.cases);
  }
  async add(c: Case): Promise<void> {
    await this.col.add({ data: { _id: c.id, ...caseToDoc(c) } });
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
  async ofHolder(memberId: string, limit: number): Promise<Case[]> {
    const res = await this.col.where({ holderId: memberId, status: 'claimed' }).orderBy('claimedAt', 'asc').limit(limit).get();
    return res.data.map(docToCase);
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
    const res = await this.col
      .where({ _id: next.id, version: next.version - 1 })
      .update({ data: replacing(this.db, caseToDoc(next)) });
    return res.stats.updated === 1;
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
    return res.data as unknown as CommunityConfig;
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
    const res = await this.col
      .where({ _id: personId, [`credits.${templateId}`]: _.gt(0) })
      .update({ data: { credits: { [templateId]: _.inc(-1) } } });
    return res.stats.updated === 1;
  }
  async clear(personId: string, templateId: string): Promise<void> {
    await this.col.doc(personId).update({ data: { credits: { [templateId]: 0 } } });
  }
}

export class NotifierWx implements Notifier {
  constructor(
    private readonly db: Database,
    private readonly miniprogramState: 'developer' | 'trial' | 'formal',
  ) {}
  send(msg: SubscribeMessage): Promise<SendOutcome> {
    return sendSubscribeMessage({ ...msg, miniprogramState: this.miniprogramState });
  }
  async log(entry: { msg: SubscribeMessage; caseId: string; outcome: SendOutcome | { ok: false; skipped: 'no-credit' } }): Promise<void> {
    await this.db.collection(COLLECTIONS.notifications).add({
      data: {
        touser: entry.msg.touser,
        templateId: entry.msg.templateId,
        caseId: entry.caseId,
        data: entry.msg.data,
        outcome: entry.outcome,
        createdAt: this.db.serverDate(),
      },
    });
  }
}
