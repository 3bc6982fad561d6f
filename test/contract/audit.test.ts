/** Contract of the AuditLog port: the in-memory fake and the adapter on the local database behave alike. */
import type { AuditEntry } from '../../cloudfunctions/core/ports';
import type { PortsFactory } from './support';
import { IMPLEMENTATIONS, at, freshPorts } from './support';

const admin = { id: 'a1', name: '管理员' };
const anEntry = (action: string, minutes: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: at(minutes),
  by: admin,
  action,
  target: 'users/m-wang',
  before: { role: 'resident', compounds: [] },
  after: { role: 'member', compounds: ['hongqiao'] },
  ...over,
});

export function auditContract(make: PortsFactory) {
  const p = freshPorts(make);

  it('an empty log', async () => {
    expect(await p.audit.page(0, 10)).toEqual({ items: [], hasMore: false });
  });

  it('reads entries back as written (and nothing more), newest first by time, paged with hasMore', async () => {
    const entries = [anEntry('b', 2), anEntry('a', 1), anEntry('d', 4, { before: null, after: null }), anEntry('c', 3)];
    for (const e of entries) await p.audit.add(e);
    const p0 = await p.audit.page(0, 3);
    expect(p0.items.map((e) => e.action)).toEqual(['d', 'c', 'b']);
    expect(p0.hasMore).toBe(true);
    expect(p0.items[0]).toEqual(entries[2]);
    expect(p0.items[2]).toEqual(entries[0]);
    const p1 = await p.audit.page(1, 3);
    expect(p1).toEqual({ items: [entries[1]], hasMore: false });
    expect((await p.audit.page(0, 4)).hasMore).toBe(false);
  });

  it('an entry with an id (a configuration change’s audit) is logged once however often it is added', async () => {
    const entry = { ...anEntry('修改配置', 1), id: 'config-abc' };
    await p.audit.add(entry);
    await p.audit.add({ ...entry, at: new Date(entry.at) });
    await Promise.all([p.audit.add(entry), p.audit.add(entry)]);
    const { items } = await p.audit.page(0, 10);
    expect(items).toEqual([anEntry('修改配置', 1)]);
  });
}

describe.each(IMPLEMENTATIONS)('AuditLog contract: %s', (_name, make) => auditContract(make));
