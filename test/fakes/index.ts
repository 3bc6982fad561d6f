/** In-memory fakes of the core's ports, and builders, for unit tests. */
import type { SubscribeAnswer } from '../../types/api';
import type { Case } from '../../cloudfunctions/core/Case';
import { claimDueAt, dueAt, isOpen } from '../../cloudfunctions/core/Case';
import type { OfficeQueue } from '../../types/domain';
import type { CommunityConfig, Person } from '../../cloudfunctions/core/community';
import { DEFAULT_CATEGORIES } from '../../cloudfunctions/core/community';
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
  SendOutcome,
  Subscriptions,
} from '../../cloudfunctions/core/ports';
import { effectsOf } from '../../cloudfunctions/core/effects';
import type { Invite } from '../../cloudfunctions/core/admin';
import { DEFAULT_ROTA } from '../../cloudfunctions/core/rota';

export const aCommunity = (over: Partial<CommunityConfig> = {}): CommunityConfig => ({
  groups: [
    { id: 'g1', name: '第一组' },
    { id: 'g2', name: '第二组' },
    { id: 'g3', name: '第三组' },
    { id: 'g4', name: '第四组' },
  ],
  rota: DEFAULT_ROTA,
  categories: DEFAULT_CATEGORIES,
  compounds: [
    { id: 'nanhetou', name: '南河头小区' },
    { id: 'hongqiao', name: '虹桥佳苑' },
    { id: 'hubin', name: '湖滨花园' },
  ],
  templates: { caseResolved: 'TMPL_RESOLVED', caseProgress: 'TMPL_PROGRESS', dutyAlert: 'TMPL_ALERT' },
  officePhone: '0573-85010001',
  limits: { openCasesPerMember: 5 },
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

export class InMemoryCases implements Cases {
  readonly byId = new Map<string, Case>();
  async add(c: Case) {
    if (this.byId.has(c.id)) return false;
    this.byId.set(c.id, structuredClone({ ...c, effects: effectsOf(c) }));
    return true;
  }
  async ofId(id: string) {
    const c = this.byId.get(id);
    return c ? structuredClone(c) : null;
  }
  async ofReporter(reporterId: string, limit: number) {
    return [...this.byId.values()]
      .filter((c) => c.reporter.id === reporterId)
      .reverse()
      .slice(0, limit);
  }
  async waiting(limit: number) {
    return [...this.byId.values()]
      .filter((c) => c.status === 'pending' && c.routing.target === 'studio')
      .slice(0, limit)
      .map((c) => structuredClone(c));
  }
  async waitingOutside(groupId: string, limit: number) {
    return [...this.byId.values()]
      .filter((c) => c.status === 'pending' && c.routing.target === 'studio' && c.routing.groupId !== groupId)
      .slice(0, limit)
      .map((c) => structuredClone(c));
  }
  async withPendingEffects(now: Date, limit: number) {
    return [...this.byId.values()]
      .filter((c) => c.effects.some((e) => e.due.getTime() <= now.getTime()))
      .slice(0, limit)
      .map((c) => structuredClone(c));
  }
  async settleEffects(caseId: string, version: number) {
    const cur = this.byId.get(caseId);
    if (cur && cur.version === version) cur.effects = [];
  }
  async ofHolder(memberId: string, limit: number) {
    return [...this.byId.values()].filter((c) => c.status === 'claimed' && c.holder.id === memberId).slice(0, limit);
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
    }
  }
  async ofOfficeQueue(queue: OfficeQueue, now: Date, page: number, limit: number) {
    const all = [...this.byId.values()].filter((c) => this.inQueue(c, queue, now));
    return { cases: all.slice(page * limit, page * limit + limit).map((c) => structuredClone(c)), hasMore: all.length > (page + 1) * limit };
  }
  async countOfficeQueues(now: Date) {
    const queues: OfficeQueue[] = ['escalated', 'office-only', 'emergency', 'overdue', 'open'];
    return Object.fromEntries(queues.map((q) => [q, [...this.byId.values()].filter((c) => this.inQueue(c, q, now)).length])) as Record<OfficeQueue, number>;
  }
  async dueForClaim(now: Date, limit: number) {
    return [...this.byId.values()]
      .filter((c) => claimDueAt(c) !== null && claimDueAt(c)!.getTime() <= now.getTime())
      .sort((a, b) => claimDueAt(a)!.getTime() - claimDueAt(b)!.getTime())
      .slice(0, limit)
      .map((c) => structuredClone(c));
  }
  async dueForResolve(now: Date, limit: number) {
    const due = (c: Case) => (c.status === 'claimed' && c.routing.target === 'studio' ? c.resolveDueAt : null);
    return [...this.byId.values()]
      .filter((c) => due(c) !== null && due(c)!.getTime() <= now.getTime())
      .sort((a, b) => due(a)!.getTime() - due(b)!.getTime())
      .slice(0, limit)
      .map((c) => structuredClone(c));
  }
  async replaceIfVersion(next: Case) {
    const cur = this.byId.get(next.id);
    if (!cur || cur.version !== next.version - 1) return false;
    // As stored: effects recorded earlier and not yet cleared stay; this write adds its own.
    this.byId.set(next.id, structuredClone({ ...next, effects: [...cur.effects, ...effectsOf(next)] }));
    return true;
  }
}

/** Claim-cap slots counted per member, with the conditional "below the cap" rule of the database adapter. */
export class InMemoryHoldings implements Holdings {
  readonly slots = new Map<string, Map<string, Date>>();
  constructor(private readonly cases: InMemoryCases) {}
  private of(memberId: string) {
    let m = this.slots.get(memberId);
    if (!m) {
      m = new Map(
        [...this.cases.byId.values()]
          .filter((c) => c.status === 'claimed' && c.routing.target === 'studio' && c.holder.id === memberId)
          .map((c) => [c.id, new Date(0)]),
      );
      this.slots.set(memberId, m);
    }
    return m;
  }
  async reserve(memberId: string, caseId: string, cap: number, now: Date) {
    const m = this.of(memberId);
    if (m.has(caseId)) return true;
    if (m.size >= cap) return false;
    m.set(caseId, now);
    return true;
  }
  async take(memberId: string, caseId: string, now: Date) {
    const m = this.of(memberId);
    if (!m.has(caseId)) m.set(caseId, now);
  }
  async free(memberId: string, caseId: string) {
    this.of(memberId).delete(caseId);
  }
}

export class InMemorySubscriptions implements Subscriptions {
  readonly ledger = new Map<string, number>();
  private get credits_() {
    return this.ledger;
  }
  readonly grants = new Set<string>();
  async record(personId: string, answers: Record<string, SubscribeAnswer>, grantId?: string) {
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
  async clear(personId: string, templateId: string) {
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

export class InMemoryMessages implements Messages {
  readonly all: MessageRecord[] = [];
  async add(r: MessageRecord) {
    if (this.all.some((m) => m.id === r.id)) return false;
    this.all.push(structuredClone(r));
    return true;
  }
  async claimRetry(id: string, attempts: number, leaseUntil: Date) {
    const m = this.all.find((x) => x.id === id);
    if (!m || m.delivery.status !== 'retrying' || m.delivery.attempts !== attempts) return false;
    m.delivery = { ...m.delivery, status: 'sending', nextAttemptAt: leaseUntil };
    return true;
  }
  async setDelivery(id: string, d: MessageRecord['delivery']) {
    const m = this.all.find((x) => x.id === id);
    if (m) m.delivery = d;
  }
  async dueForRetry(now: Date, limit: number) {
    return this.all
      .filter((m) => (m.delivery.status === 'retrying' || m.delivery.status === 'sending') && m.delivery.nextAttemptAt!.getTime() <= now.getTime())
      .slice(0, limit);
  }
  async ofUser(personId: string, page: number, limit: number) {
    const mine = this.all.filter((m) => m.touser === personId).reverse();
    return { items: mine.slice(page * limit, page * limit + limit), hasMore: mine.length > (page + 1) * limit };
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
    this.all.set(inv.code, structuredClone(inv));
    return true;
  }
  async ofCode(code: string) {
    const inv = this.all.get(code);
    return inv ? structuredClone(inv) : null;
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
    return [...this.all.values()].reverse().slice(0, limit);
  }
}

export class InMemoryAudit implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async add(e: AuditEntry) {
    this.entries.push(structuredClone(e));
  }
  async page(page: number, limit: number) {
    const all = [...this.entries].reverse();
    return { items: all.slice(page * limit, page * limit + limit), hasMore: all.length > (page + 1) * limit };
  }
}

/** Content security with a tiny word list (the local cloud's defaults). */
export const fakeContent: ContentCheck = {
  text: async (content) => (/违禁词|暴力威胁|赌博/.test(content) ? 'risky' : /待审核|上访|投诉到底/.test(content) ? 'review' : 'pass'),
  image: async (fileID) => (fileID.includes('risky') ? 'risky' : 'pass'),
};

/** The dashboard's figures come from database aggregation: they are tested against the local database instead. */
const refuse = async (): Promise<never> => {
  throw new Error('in-memory fake: dashboard statistics are tested against the local database (test/cloud)');
};
const notInMemory: CaseStats = { countBy: refuse, solved: refuse, durations: refuse, overdue: refuse, perHolder: refuse };

/** A full set of in-memory ports with a fixed clock and predictable ids. */
export function fakeDeps(opts: { now: Date; people?: Person[]; community?: CommunityConfig }) {
  const people = new Map((opts.people ?? []).map((p) => [p.id, p]));
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
      inviteCode: () => `INV${String(++n).padStart(5, '0')}`,
    },
    cases,
    holdings: new InMemoryHoldings(cases),
    people: {
      ofId: async (id: string) => people.get(id) ?? null,
      ofGroup: async (g: string) => [...people.values()].filter((p) => p.role === 'member' && p.groupId === g),
      members: async () => [...people.values()].filter((p) => p.role === 'member'),
      staff: async () => [...people.values()].filter((p) => p.role === 'office' || p.role === 'admin'),
      save: async (p: Person) => void people.set(p.id, structuredClone(p)),
      rememberPlace: async (id: string, place: Person['lastPlace']) => {
        const p = people.get(id);
        if (p) p.lastPlace = place;
      },
    },
    community: {
      current: async () => structuredClone(config),
      save: async (c: CommunityConfig) => void (config = structuredClone(c)),
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
    files: { urls: async (ids: string[]) => ids.map((id) => `https://files.test/${id}`) },
    invites: new InMemoryInvites(),
    audit: new InMemoryAudit(),
    bootstrapAdmins: [] as string[],
  } satisfies Deps;
  return { ...deps, clock };
}

/** Beijing time helper: bj('2026-11-27 10:00') → the instant. */
export const bj = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`);
