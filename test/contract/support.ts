/**
 * Contract suites: one behavioural suite per repository port, each run against the in-memory fakes (test/fakes) and
 * against the WeChat Cloud adapters on the local database. Where they disagree the adapter on the database is the
 * reference (it is what runs in production), and the fake is fixed.
 */
import { depsOn } from '../../cloudfunctions/adapters/wx/compose';
import { COLLECTIONS, INDEXES } from '../../cloudfunctions/adapters/wx/collections';
import type { Database } from '../../cloudfunctions/adapters/wx/db-types';
import type { Actor, Case, RoutingDecision } from '../../cloudfunctions/core/Case';
import { openCase } from '../../cloudfunctions/core/Case';
import type { Deps } from '../../cloudfunctions/core/ports';
import { createLocalDatabase, ensureIndexes } from '../../cloudfunctions/local-cloud/sdk/database';
import { aRouting, fakeDeps } from '../fakes';

/** The repository ports a contract suite exercises. */
export type Ports = Pick<Deps, 'cases' | 'holdings' | 'people' | 'subscriptions' | 'messages' | 'invites' | 'audit' | 'community'>;
export type PortsFactory = () => Promise<Ports>;

export const T0 = new Date('2026-11-26T02:00:00.000Z');
/** `T0` plus `minutes`. */
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

export const fakeFactory: PortsFactory = async () => fakeDeps({ now: T0, people: [] });

export const localFactory: PortsFactory = async () => {
  // The database's own clock (serverDate) ticks one millisecond per reading, so records written one after the other
  // have distinct, increasing server times (invites are ordered by theirs).
  let tick = T0.getTime();
  const local = createLocalDatabase({ dir: null, now: () => ++tick });
  for (const name of Object.values(COLLECTIONS)) await local.createCollection(name);
  // As the local cloud does: a single-field index on each field of the deployed compound indexes.
  await ensureIndexes(local, Object.fromEntries(Object.entries(INDEXES).map(([c, ix]) => [c, [...new Set(ix.flat())]])));
  return depsOn(local as unknown as Database, {
    send: async () => ({ ok: true }),
    content: { text: async () => 'pass', imageAsync: async (url) => ({ traceId: `trace:${url}` }) },
    files: { urls: async (ids) => ids.map(() => ''), remove: async () => undefined },
  });
};

/** The ports of the calling suite, made afresh before each of its tests. */
export function freshPorts(make: PortsFactory): Ports {
  let made: Ports | undefined;
  beforeEach(async () => {
    made = await make();
  });
  return new Proxy({} as Ports, {
    get: (_target, key) => {
      if (!made) throw new Error('the ports are made in beforeEach');
      return Reflect.get(made, key);
    },
  });
}

export const IMPLEMENTATIONS: Array<[string, PortsFactory]> = [
  ['in-memory fakes', fakeFactory],
  ['local database adapter', localFactory],
];

export const resident: Actor = { id: 'r1', name: '张阿姨' };
export const wang: Actor = { id: 'm-wang', name: '王思瑛' };
export const lu: Actor = { id: 'm-lu', name: '陆建国' };
export const wu: Actor = { id: 'o1', name: '吴霞' };

export const studio = (groupId: string, expectedBy: Date | null): RoutingDecision => aRouting({ groupId, reason: `由${groupId}值班成员处理`, expectedBy });

export const office = (rule: 'office-only' | 'escalated' | 'emergency', expectedBy: Date | null): RoutingDecision =>
  aRouting({ target: 'office', rule, groupId: null, reason: '社区办公室处理', expectedBy });

/** A freshly reported case, created `minutes` after T0. */
export function aCase(
  id: string,
  minutes: number,
  over: { reporter?: Actor; routing?: RoutingDecision; urgent?: boolean; compoundId?: string } = {},
): Case & { status: 'pending' } {
  return openCase({
    id,
    code: id.toUpperCase(),
    reporter: over.reporter ?? resident,
    categoryId: 'repair',
    description: '水管漏水',
    place: { compoundId: over.compoundId ?? 'hongqiao', building: '2幢', unit: '302' },
    contactPhone: '13812345678',
    routing: over.routing ?? studio('g2', at(minutes + 30)),
    urgent: over.urgent ?? false,
    filedFor: null,
    now: at(minutes),
  });
}

export const ids = (cases: Array<{ id: string }>): string[] => cases.map((c) => c.id);
