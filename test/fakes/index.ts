/** In-memory fakes of the core's ports, and builders, for unit tests. */
import type { SubscribeAnswer } from '../../types/api';
import type { Case, RoutingDecision } from '../../cloudfunctions/core/Case';
import { callBackOpen, claimDueAt, dueAt, followUpDueAt, isOpen } from '../../cloudfunctions/core/Case';
import type { OfficeQueue, SavedPlace } from '../../types/domain';
import type { CommunityConfig, Person } from '../../cloudfunctions/core/community';
import type { SubscribeMessage } from '../../cloudfunctions/core/messages';
import type {
  AuditEntry,
  AuditLog,
  CaseStats,
  Cases,
  ContentCheck,
  Deps,
  Holdings,
  Invites,
  MessageRecord,
  Messages,
  Notifier,
  PlaceCodeImages,
  Places,
  ReportRenderer,
  Reports,
  StoredReport,
  SendOutcome,
  Subscriptions,
} from '../../cloudfunctions/core/ports';
import { effectsOf } from '../../cloudfunctions/core/effects';
import { remindAt } from '../../cloudfunctions/core/watch';
import { awaitedTraceIds } from '../../cloudfunctions/core/photo-checks';
import { actsOn, byActOrder } from '../../cloudfunctions/core/service-record';
import type { Invite } from '../../cloudfunctions/core/admin';
import type { PlaceCode } from '../../cloudfunctions/core/places';
import { DEMO_COMMUNITY } from '../../cloudfunctions/local-cloud/demo-data';

/** The local cloud's demo community without 建国门小区, with test template ids and what a test changes. */
export const aCommunity = (over: Partial<CommunityConfig> = {}): CommunityConfig => ({
  ...DEMO_COMMUNITY,
  groups: clone(DEMO_COMMUNITY.groups),
  compounds: clone(DEMO_COMMUNITY.compounds.filter((c) => c.id !== 'jianguomen')),
  templates: { caseResolved: 'TMPL_RESOLVED', caseProgress: 'TMPL_PROGRESS', dutyAlert: 'TMPL_ALERT' },
  limits: { openCasesPerMember: 5 },
  ...over,
});

/** A routing decision to group 2's pool on duty, with what a test changes. */
export const aRouting = (over: Partial<RoutingDecision> = {}): RoutingDecision => ({
  target: 'studio',
  rule: 'on-duty',
  groupId: 'g2',
  alertGroupId: null,
  preferredMemberIds: [],
  reason: '由第二组值班成员处理：王思瑛等',
  expectedBy: null,
  ...over,
});

export const aPerson = (over: Partial<Person> & Pick<Person, 'id'>): Person => ({
  role: 'resident',
  name: over.id,
  phone: '13800000000',
  groupId: null,
  compounds: [],
  lastPlace: null,
  leave: [],
  ...over,
});

export const aMember = (id: string, groupId: string, name = id, compounds: string[] = [], leave: Person['leave'] = []): Person =>
  aPerson({ id, role: 'member', groupId, name, compounds, leave });

/**
 * A deep copy in this realm: structuredClone makes Dates of Node's own realm, which fail `instanceof Date` inside a
 * Jest sandbox (the adapter's Dates pass it).
 */
export function clone<T>(v: T): T {
  if (v instanceof Date || Object.prototype.toString.call(v) === '[object Date]') return new Date((v as unknown as Date).getTime()) as T;
  if (Array.isArray(v)) return v.map((x) => clone(x)) as T;
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)])) as T;
  return v;
}

const time = (d: Date | null | undefined): number => (d ? d.getTime() : Number.NEGATIVE_INFINITY);
/** Sort by a date, ascending, keeping insertion order among equals (what an index scan gives). */
const byDate =
  <T>(key: (x: T) => Date | null | undefined, dir: 'asc' | 'desc' = 'asc') =>
  (a: T, b: T) =>
    (dir === 'asc' ? 1 : -1) * (time(key(a)) - time(key(b)));

/**
 * When the timer may complete a case's pending effects, as the database adapter stores it (`effectsDueAt`): the
 * earliest due time among the effects of the latest write that recorded any (a later write moves it; the request
 * that completes the later write's effects completes the earlier ones with them).
 */
function effectsDueAt(c: Case): Date | null {
  if (c.effects.length === 0) return null;
  const v = Math.max(...c.effects.map((e) => e.v));
  return new Date(Math.min(...c.effects.filter((e) => e.v === v).map((e) => e.due.getTime())));
}

/**
 * Cases in memory with the database adapter's semantics: lists are ordered by the same field as its indexed query
 * (insertion order among equals), and everything returned is a copy.
 */
export class InMemoryCases implements Cases {
  readonly byId = new Map<string, Case>();
  private list(keep: (c: Case) => boolean, order: (a: Case, b: Case) => number, limit: number): Case[] {
    return [...this.byId.values()]
      .filter(keep)
      .sort(order)
      .slice(0, limit)
      .map((c) => clone(c));
  }
  async add(c: Case) {
    if (this.byId.has(c.id)) return false;
    this.byId.set(c.id, clone({ ...c, effects: effectsOf(c) }));
    return true;
  }
  async ofId(id: string) {
    const c = this.byId.get(id);
    return c ? clone(c) : null;
  }
  async refreshStale() {
    return 0; // nothing is stored in an older form in memory
  }
  async createdBetween(start: Date, end: Date, limit: number) {
    return this.list(
      (c) => c.createdAt.getTime() >= start.getTime() && c.createdAt.getTime() < end.getTime(),
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      limit,
    );
  }
  async ofReporter(reporterId: string, limit: number) {
    // Reversed first, so among cases reported at the same instant the last added comes first (as before).
    return [...this.byId.values()]
      .reverse()
      .filter((c) => c.reporter.id === reporterId)
      .sort(byDate((c) => c.createdAt, 'desc'))
      .slice(0, limit)
      .map((c) => clone(c));
  }
  async ofFollower(personId: string, limit: number) {
    return this.list(
      (c) => c.followers.includes(personId),
      byDate((c) => c.createdAt, 'desc'),
      limit,
    );
  }
  async similarTo(key: { categoryId: string; compoundId: string; building: string }, since: Date, limit: number) {
    const like = (c: Case) =>
      isOpen(c) &&
      !c.private &&
      c.categoryId === key.categoryId &&
      c.place.compoundId === key.compoundId &&
      c.place.building.trim() === key.building &&
      c.createdAt.getTime() >= since.getTime();
    return this.list(
      like,
      byDate((c) => c.createdAt, 'desc'),
      limit,
    );
  }
  async waiting(limit: number) {
    return this.list(
      (c) => c.status === 'pending' && c.routing.target === 'studio',
      byDate((c) => c.createdAt),
      limit,
    );
  }
  async waitingOutside(groupId: string, limit: number) {
    return this.list(
      (c) => c.status === 'pending' && c.routing.target === 'studio' && c.routing.groupId !== groupId,
      byDate((c) => c.createdAt),
      limit,
    );
  }
  async withPendingEffects(now: Date, limit: number) {
    return this.list((c) => effectsDueAt(c) !== null && effectsDueAt(c)!.getTime() <= now.getTime(), byDate(effectsDueAt), limit);
  }
  async settleEffects(caseId: string, version: number) {
    const cur = this.byId.get(caseId);
    if (cur && cur.version === version) cur.effects = [];
  }
  async ofPhotoCheck(traceId: string) {
    return (
      this.list(
        (c) => awaitedTraceIds(c).includes(traceId),
        byDate((c) => c.createdAt),
        1,
      )[0] ?? null
    );
  }
  async serviceCounts(memberId: string, from: Date, to: Date) {
    const counts = { claimed: 0, resolved: 0, call: 0 };
    for (const c of this.byId.values()) for (const a of actsOn(c, memberId, from, to)) counts[a.kind] += 1;
    return counts;
  }
  async serviceActs(memberId: string, from: Date, to: Date, limit: number) {
    return [...this.byId.values()]
      .flatMap((c) => actsOn(c, memberId, from, to))
      .sort(byActOrder)
      .slice(0, limit);
  }
  async handledBy(memberId: string, limit: number) {
    const passed = (c: Case) =>
      (c.filedFor !== null && c.filedFor.label === undefined && c.reporter.id === memberId) ||
      c.timeline.some((t) => (t.kind === 'handed-over' || t.kind === 'escalated') && t.by?.id === memberId);
    return this.list(
      passed,
      byDate((c) => c.createdAt, 'desc'),
      limit,
    );
  }
  async ofHolder(memberId: string, limit: number) {
    return this.list(
      (c) => c.status === 'claimed' && c.holder.id === memberId,
      byDate((c) => (c.status === 'claimed' ? c.claimedAt : null)),
      limit,
    );
  }
  async countHeldBy(personId: string) {
    return [...this.byId.values()].filter((c) => c.status === 'claimed' && c.holder.id === personId).length;
  }
  private inQueue(c: Case, queue: OfficeQueue, now: Date): boolean {
    const open = isOpen(c);
    const atOffice = open && c.routing.target === 'office';
    switch (queue) {
      case 'escalated':
        return atOffice && c.routing.rule === 'escalated';
      case 'office-only':
        return atOffice && c.routing.rule === 'office-only';
      case 'emergency':
        return open && c.urgent;
      case 'overdue':
        return open && dueAt(c) !== null && dueAt(c)!.getTime() <= now.getTime();
      case 'open':
        return open;
      case 'supervise':
        return c.supervision !== null;
    }
  }
  async ofOfficeQueue(queue: OfficeQueue, now: Date, page: number, limit: number) {
    const order =
      queue === 'overdue' ? byDate(dueAt) : queue === 'supervise' ? byDate((c: Case) => c.supervision?.at ?? null) : byDate((c: Case) => c.createdAt);
    const all = [...this.byId.values()].filter((c) => this.inQueue(c, queue, now)).sort(order);
    return { cases: all.slice(page * limit, page * limit + limit).map((c) => clone(c)), hasMore: all.length > (page + 1) * limit };
  }
  async countOfficeQueues(now: Date) {
    const queues: OfficeQueue[] = ['escalated', 'office-only', 'emergency', 'overdue', 'open', 'supervise'];
    return Object.fromEntries(queues.map((q) => [q, [...this.byId.values()].filter((c) => this.inQueue(c, q, now)).length])) as Record<OfficeQueue, number>;
  }
  async dueForClaim(now: Date, limit: number) {
    return this.list((c) => claimDueAt(c) !== null && claimDueAt(c)!.getTime() <= now.getTime(), byDate(claimDueAt), limit);
  }
  async dueForResolve(now: Date, limit: number) {
    const due = (c: Case) => (c.status === 'claimed' && c.routing.target === 'studio' ? c.resolveDueAt : null);
    return this.list((c) => due(c) !== null && due(c)!.getTime() <= now.getTime(), byDate(due), limit);
  }
  async dueForReminder(now: Date, limit: number) {
    return this.list((c) => remindAt(c) !== null && remindAt(c)!.getTime() <= now.getTime(), byDate(remindAt), limit);
  }
  async dueForFollowUp(now: Date, limit: number) {
    return this.list((c) => followUpDueAt(c) !== null && followUpDueAt(c)!.getTime() <= now.getTime(), byDate(followUpDueAt), limit);
  }
  async callBacks(limit: number) {
    return this.list(
      callBackOpen,
      byDate((c) => c.followUp?.callAt ?? null),
      limit,
    );
  }
  async replaceIfVersion(next: Case) {
    const cur = this.byId.get(next.id);
    if (!cur || cur.version !== next.version - 1) return false;
    // As stored: effects recorded earlier and not yet cleared stay; this write adds its own.
    this.byId.set(next.id, clone({ ...next, effects: [...cur.effects, ...effectsOf(next)] }));
    return true;
  }
}

/** Claim-cap slots counted per member, with the conditional "below the cap" rule of the database adapter. */
export class InMemoryHoldings implements Holdings {
  readonly slots = new Map<string, Map<string, Date>>();
  constructor(private readonly cases: InMemoryCases) {}
  private holds(memberId: string, caseId: string): boolean {
    const c = this.cases.byId.get(caseId);
    return c?.status === 'claimed' && c.holder.id === memberId;
  }
  /** The member's slots; the first reservation counts the studio cases they hold (as the adapter's record does). */
  private of(memberId: string, now: Date | null) {
    let m = this.slots.get(memberId);
    if (!m && now) {
      m = new Map(
        [...this.cases.byId.values()]
          .filter((c) => c.status === 'claimed' && c.routing.target === 'studio' && c.holder.id === memberId)
          .map((c) => [c.id, now]),
      );
      this.slots.set(memberId, m);
    }
    return m ?? new Map<string, Date>();
  }
  async reserve(memberId: string, caseId: string, cap: number, now: Date, staleBefore: Date) {
    const m = this.of(memberId, now);
    if (m.has(caseId)) return true;
    if (m.size >= cap) {
      // At the cap: reservations older than the lease whose case the member does not hold are reclaimed.
      for (const [k, reservedAt] of m) if (reservedAt.getTime() < staleBefore.getTime() && !this.holds(memberId, k)) m.delete(k);
      if (m.size >= cap) return false;
    }
    m.set(caseId, now);
    return true;
  }
  /** No record yet means none was needed: the first reservation counts this case from the cases (as the adapter). */
  async take(memberId: string, caseId: string, now: Date) {
    const m = this.slots.get(memberId);
    if (m && !m.has(caseId)) m.set(caseId, now);
  }
  async free(memberId: string, caseId: string) {
    this.slots.get(memberId)?.delete(caseId);
  }
}

export class InMemorySubscriptions implements Subscriptions {
  readonly ledger = new Map<string, number>();
  private get credits_() {
    return this.ledger;
  }
  readonly grants = new Set<string>();
  async record(personId: string, answers: Record<string, SubscribeAnswer>, grantId?: string) {
    // As the adapter: a prompt with no accept records nothing (not even its grant).
    if (!Object.values(answers).includes('accept')) return;
    if (grantId) {
      if (this.grants.has(`${personId}:${grantId}`)) return;
      this.grants.add(`${personId}:${grantId}`);
    }
    for (const [t, a] of Object.entries(answers)) if (a === 'accept') this.credits_.set(`${personId}:${t}`, (this.credits_.get(`${personId}:${t}`) ?? 0) + 1);
  }
  async take(personId: string, templateId: string) {
    const n = this.credits_.get(`${personId}:${templateId}`) ?? 0;
    if (n <= 0) return false;
    this.credits_.set(`${personId}:${templateId}`, n - 1);
    return true;
  }
  /** As the adapter: sets the template to zero on the person's record; someone without a record has nothing to clear. */
  async clear(personId: string, templateId: string) {
    if (![...this.credits_.keys()].some((k) => k.startsWith(`${personId}:`))) return;
    this.credits_.set(`${personId}:${templateId}`, 0);
  }
  async credits(personId: string) {
    const out: Record<string, number> = {};
    for (const [k, v] of this.credits_) if (k.startsWith(`${personId}:`)) out[k.slice(personId.length + 1)] = v;
    return out;
  }
}

export class RecordingNotifier implements Notifier {
  readonly sent: SubscribeMessage[] = [];
  constructor(public next: SendOutcome = { ok: true }) {}
  async send(msg: SubscribeMessage) {
    this.sent.push(msg);
    return this.next;
  }
}

/** The message centre and outbox in memory, ordered as the adapter's indexed queries (by time), returning copies. */
export class InMemoryMessages implements Messages {
  readonly all: MessageRecord[] = [];
  async add(r: MessageRecord) {
    if (this.all.some((m) => m.id === r.id)) return false;
    this.all.push(clone(r));
    return true;
  }
  async existing(ids: string[]) {
    return this.all.filter((m) => ids.includes(m.id)).map((m) => m.id);
  }
  async claimRetry(id: string, attempts: number, leaseUntil: Date) {
    const m = this.all.find((x) => x.id === id);
    if (!m || m.delivery.status !== 'retrying' || m.delivery.attempts !== attempts) return false;
    m.delivery = { ...m.delivery, status: 'sending', nextAttemptAt: leaseUntil };
    return true;
  }
  async setDelivery(id: string, d: MessageRecord['delivery']) {
    const m = this.all.find((x) => x.id === id);
    if (m) m.delivery = clone(d);
  }
  async dueForRetry(now: Date, limit: number) {
    const retryAt = (m: MessageRecord) => (m.delivery.status === 'retrying' || m.delivery.status === 'sending' ? m.delivery.nextAttemptAt : null);
    return this.all
      .filter((m) => retryAt(m) !== null && retryAt(m)!.getTime() <= now.getTime())
      .sort(byDate(retryAt))
      .slice(0, limit)
      .map((m) => clone(m));
  }
  async ofUser(personId: string, page: number, limit: number) {
    const mine = this.all
      .filter((m) => m.touser === personId)
      .reverse()
      .sort(byDate((m) => m.at, 'desc'));
    return { items: mine.slice(page * limit, page * limit + limit).map((m) => clone(m)), hasMore: mine.length > (page + 1) * limit };
  }
  async unread(personId: string) {
    return this.all.filter((m) => m.touser === personId && !m.read).length;
  }
  async markRead(personId: string, ids?: string[]) {
    for (const m of this.all) if (m.touser === personId && (!ids || ids.includes(m.id))) m.read = true;
  }
}

export class InMemoryInvites implements Invites {
  readonly all = new Map<string, Invite>();
  async add(inv: Invite) {
    if (this.all.has(inv.code)) return false;
    this.all.set(inv.code, clone(inv));
    return true;
  }
  async ofCode(code: string) {
    const inv = this.all.get(code);
    return inv ? clone(inv) : null;
  }
  async redeem(code: string, by: { id: string; name: string }, now: Date) {
    const inv = this.all.get(code);
    if (!inv || inv.usedBy || inv.voided || inv.expiresAt.getTime() <= now.getTime()) return false;
    inv.usedBy = by;
    inv.usedAt = now;
    return true;
  }
  async void(code: string) {
    const inv = this.all.get(code);
    if (!inv || inv.usedBy) return false;
    inv.voided = true;
    return true;
  }
  async recent(limit: number) {
    return [...this.all.values()]
      .reverse()
      .slice(0, limit)
      .map((i) => clone(i));
  }
}

/**
 * The audit log in memory, as the adapter: newest first by time; an entry with an `id` is logged once (`entries`
 * keeps the id, as the adapter's record does in its _id; a page does not show it).
 */
export class InMemoryAudit implements AuditLog {
  readonly entries: Array<AuditEntry & { id?: string }> = [];
  async add(e: AuditEntry & { id?: string }) {
    if (typeof e.id === 'string' && e.id && this.entries.some((x) => x.id === e.id)) return;
    this.entries.push(clone({ ...e, before: e.before ?? null, after: e.after ?? null }));
  }
  async page(page: number, limit: number) {
    const all = [...this.entries].reverse().sort(byDate((e) => e.at, 'desc'));
    const items = all.slice(page * limit, page * limit + limit).map(({ id: _id, ...e }) => clone(e));
    return { items, hasMore: all.length > (page + 1) * limit };
  }
}

/** Content security with a tiny word list (the local cloud's defaults). */
export const fakeContent: ContentCheck = {
  text: async (content) => (/违禁词|暴力威胁|赌博/.test(content) ? 'risky' : /待审核|上访|投诉到底/.test(content) ? 'review' : 'pass'),
  // The trace id names the URL, so a test can push the verdict for a photo it knows (`trace:<url>`); audio (media_type 1,
  // a voice note) is `trace:audio:<url>`, so a test also sees which kind was asked for.
  imageAsync: async (url, _openid, _scene, mediaType = 2) => ({ traceId: mediaType === 1 ? `trace:audio:${url}` : `trace:${url}` }),
};

/** Cloud storage in memory: temporary URLs for stored files (every file is there unless removed), and removals. */
export class InMemoryFiles {
  readonly removed: string[] = [];
  /** Stored files by fileID (what upload was given). */
  readonly stored = new Map<string, Uint8Array | string>();
  async upload(cloudPath: string, content: Uint8Array | string) {
    const id = `cloud://test/${cloudPath}`;
    this.stored.set(id, content);
    return id;
  }
  async urls(ids: string[]) {
    return ids.map((id) => (this.removed.includes(id) ? '' : `https://files.test/${id}`));
  }
  async remove(ids: string[]) {
    for (const id of ids) if (!this.removed.includes(id)) this.removed.push(id);
  }
}

/** 通报 in memory: by id, a period's report replaced when made again. */
export class InMemoryReports implements Reports {
  readonly byId = new Map<string, StoredReport>();
  async put(r: StoredReport) {
    this.byId.set(r.id, clone(r));
  }
  async ofId(id: string) {
    return clone(this.byId.get(id) ?? null);
  }
  async existing(ids: string[]) {
    return ids.filter((id) => this.byId.has(id));
  }
  async recent(limit: number) {
    return clone([...this.byId.values()].sort((a, b) => b.generatedAt.getTime() - a.generatedAt.getTime()).slice(0, limit));
  }
}

/** 地点码 in memory, as the adapter: by code; a place's live code is its oldest. */
export class InMemoryPlaces implements Places {
  readonly byCode = new Map<string, PlaceCode>();
  async ofCode(code: string) {
    return clone(this.byCode.get(code) ?? null);
  }
  async ofPlace(compoundId: string, building: string, unit: string) {
    const found = [...this.byCode.values()]
      .filter((p) => p.compoundId === compoundId && p.building === building && p.unit === unit && !p.retired)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0];
    return clone(found ?? null);
  }
  async retire(code: string) {
    const p = this.byCode.get(code);
    if (!p || p.retired) return false;
    p.retired = true;
    return true;
  }
  async add(p: PlaceCode) {
    if (this.byCode.has(p.code)) return false;
    this.byCode.set(p.code, clone(p));
    return true;
  }
}

/** A place code's image: a PNG signature and the scene's bytes (the real ones come from WeChat or qrcode). */
export const fakePlaceImages: PlaceCodeImages = {
  make: async (scene, page) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new TextEncoder().encode(`${page}?scene=${scene}`)]),
};

/** A renderer that writes the data as JSON (the real one, with exceljs, is tested in test/core/report-files). */
export const jsonReportFiles: ReportRenderer = {
  render: async (data) => ({
    html: JSON.stringify(data),
    xlsx: new TextEncoder().encode(JSON.stringify(data.cases)),
    htmlPath: `reports/${data.kind}_${data.from}_${data.to}.html`,
    xlsxPath: `reports/${data.kind}_${data.from}_${data.to}.xlsx`,
  }),
};

/** The dashboard's figures come from database aggregation: they are tested against the local database instead. */
const refuse = async (): Promise<never> => {
  throw new Error('in-memory fake: dashboard statistics are tested against the local database (test/cloud)');
};
const notInMemory: CaseStats = {
  countBy: refuse,
  solved: refuse,
  durations: refuse,
  overdue: refuse,
  perHolder: refuse,
  transfers: refuse,
  responses: refuse,
  answers: refuse,
  calls: refuse,
};

/** A full set of in-memory ports with a fixed clock and predictable ids. */
export function fakeDeps(opts: { now: Date; people?: Person[]; community?: CommunityConfig }) {
  const people = new Map((opts.people ?? []).map((p) => [p.id, p]));
  const savedPlaces = new Map<string, SavedPlace[]>();
  let n = 0;
  let now = opts.now;
  let config = opts.community ?? aCommunity();
  const clock = { now: () => now, set: (d: Date) => void (now = d) };
  const cases = new InMemoryCases();
  const deps = {
    clock,
    ids: {
      caseId: () => `case-${++n}`,
      caseIdFor: (r: string, q: string) => `req-${r}-${q}`,
      caseCode: () => `CODE${n}`,
      inviteCode: () => String(++n).padStart(6, '0'),
      placeCode: () => `PQ${Array.from(String(++n).padStart(5, '0'), (d) => 'ABCDEFGHJK'[Number(d)]).join('')}`,
    },
    cases,
    holdings: new InMemoryHoldings(cases),
    people: {
      ofId: async (id: string) => clone(people.get(id) ?? null),
      ofGroup: async (g: string) => clone([...people.values()].filter((p) => p.role === 'member' && p.groupId === g)),
      members: async () => clone([...people.values()].filter((p) => p.role === 'member')),
      staff: async () => clone([...people.values()].filter((p) => p.role === 'office' || p.role === 'admin')),
      save: async (p: Person) => void people.set(p.id, clone(p)),
      // As the adapter: the first use creates a resident's record.
      rememberPlace: async (id: string, place: Person['lastPlace']) => {
        const p = people.get(id);
        if (p) p.lastPlace = clone(place);
        else people.set(id, { id, role: 'resident', name: '', phone: '', groupId: null, compounds: [], lastPlace: clone(place), leave: [] });
      },
      savedPlaces: async (id: string) => clone(savedPlaces.get(id) ?? []),
      setSavedPlaces: async (id: string, places: SavedPlace[]) => {
        if (!people.has(id)) people.set(id, { id, role: 'resident', name: '', phone: '', groupId: null, compounds: [], lastPlace: null, leave: [] });
        savedPlaces.set(id, clone(places));
      },
    },
    community: {
      current: async () => clone(config),
      save: async (c: CommunityConfig) => void (config = clone(c)),
      clearPendingAudit: async (id: string) => {
        const stored = config as CommunityConfig & { pendingAudit?: { id: string } | null };
        if (stored.pendingAudit?.id !== id) return;
        const { pendingAudit: _done, ...rest } = stored;
        config = rest;
      },
    },
    subscriptions: new InMemorySubscriptions(),
    notifier: new RecordingNotifier(),
    stats: notInMemory,
    messages: new InMemoryMessages(),
    content: fakeContent,
    files: new InMemoryFiles(),
    invites: new InMemoryInvites(),
    audit: new InMemoryAudit(),
    reports: new InMemoryReports(),
    places: new InMemoryPlaces(),
    placeImages: fakePlaceImages,
    reportFiles: jsonReportFiles,
    bootstrapAdmins: [] as string[],
  } satisfies Deps;
  return { ...deps, clock };
}

/** Beijing time helper: bj('2026-11-27 10:00') → the instant. */
export const bj = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);
