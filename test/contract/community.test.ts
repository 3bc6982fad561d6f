/** Contract of the Community port (the configuration record): the in-memory fake and the adapter on the local database behave alike. */
import type { PendingAudit, StoredCommunityConfig } from '../../cloudfunctions/core/admin';
import { aCommunity } from '../fakes';
import type { PortsFactory } from './support';
import { IMPLEMENTATIONS, at, freshPorts } from './support';

const pending = (id: string): PendingAudit => ({
  id,
  at: at(1),
  by: { id: 'a1', name: '管理员' },
  action: '修改配置：值班组',
  target: 'config/groups',
  before: [{ id: 'g1', name: '第一组' }],
  after: [{ id: 'g1', name: '一组' }],
});

export function communityContract(make: PortsFactory) {
  const p = freshPorts(make);

  it('save then current reads the configuration back', async () => {
    const config = aCommunity({ officePhone: '0573-00000000' });
    await p.community.save(config);
    expect(await p.community.current()).toEqual(config);
  });

  it('save replaces the whole record: a field the new configuration lacks is gone', async () => {
    const withAudit: StoredCommunityConfig = { ...aCommunity(), pendingAudit: pending('x1') };
    await p.community.save(withAudit);
    expect(await p.community.current()).toEqual(withAudit);
    const next = aCommunity({ groups: [{ id: 'g1', name: '一组' }] });
    await p.community.save(next);
    expect(await p.community.current()).toEqual(next);
    expect(await p.community.current()).not.toHaveProperty('pendingAudit');
  });

  it('saving what current returned keeps it as it was', async () => {
    await p.community.save({ ...aCommunity(), pendingAudit: pending('x1') } as StoredCommunityConfig);
    const read = await p.community.current();
    await p.community.save(read);
    expect(await p.community.current()).toEqual(read);
  });

  it('clearPendingAudit clears only the entry it names', async () => {
    const withAudit: StoredCommunityConfig = { ...aCommunity(), pendingAudit: pending('x1') };
    await p.community.save(withAudit);
    await p.community.clearPendingAudit('other');
    expect(await p.community.current()).toEqual(withAudit);
    await p.community.clearPendingAudit('x1');
    expect(await p.community.current()).toEqual(aCommunity());
    expect(await p.community.current()).not.toHaveProperty('pendingAudit');
    await p.community.clearPendingAudit('x1');
    expect(await p.community.current()).toEqual(aCommunity());
  });

  it('what current returns is a copy', async () => {
    await p.community.save(aCommunity());
    const read = await p.community.current();
    read.groups.push({ id: 'g9', name: '第九组' });
    expect(await p.community.current()).toEqual(aCommunity());
  });
}

describe.each(IMPLEMENTATIONS)('Community contract: %s', (_name, make) => communityContract(make));
