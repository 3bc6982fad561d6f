/** Contract of the Invites port: the in-memory fake and the adapter on the local database behave alike. */
import type { Invite } from '../../cloudfunctions/core/admin';
import type { PortsFactory } from './support';
import { IMPLEMENTATIONS, at, freshPorts, lu, wang } from './support';

const admin = { id: 'a1', name: '管理员' };
const anInvite = (code: string, over: Partial<Invite> = {}): Invite => ({
  code,
  role: 'member',
  groupId: 'g2',
  expiresAt: at(60 * 24),
  createdBy: admin,
  usedBy: null,
  usedAt: null,
  voided: false,
  ...over,
});

export function invitesContract(make: PortsFactory) {
  const p = freshPorts(make);
  const inv = () => p.invites;

  it('stores an invite under its code and reads it back; a taken code is refused', async () => {
    const a = anInvite('AAAA2222');
    expect(await inv().add(a)).toBe(true);
    expect(await inv().ofCode('AAAA2222')).toEqual(a);
    expect(await inv().add(anInvite('AAAA2222', { role: 'admin', groupId: null }))).toBe(false);
    expect(await inv().ofCode('AAAA2222')).toEqual(a);
    expect(await inv().ofCode('NOPE')).toBeNull();
    const office = anInvite('BBBB3333', { role: 'office', groupId: null });
    await inv().add(office);
    expect(await inv().ofCode('BBBB3333')).toEqual(office);
  });

  it('redeem marks the code used by the first taker only', async () => {
    await inv().add(anInvite('AAAA2222'));
    expect(await inv().redeem('AAAA2222', wang, at(5))).toBe(true);
    expect(await inv().redeem('AAAA2222', lu, at(6))).toBe(false);
    expect(await inv().ofCode('AAAA2222')).toEqual(anInvite('AAAA2222', { usedBy: wang, usedAt: at(5) }));
    expect(await inv().redeem('NOPE', lu, at(6))).toBe(false);
  });

  it('of parallel redeems exactly one wins', async () => {
    await inv().add(anInvite('AAAA2222'));
    const people = Array.from({ length: 8 }, (_, i) => ({ id: `p${i}`, name: `居民${i}` }));
    const wins = await Promise.all(people.map((by) => inv().redeem('AAAA2222', by, at(5))));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await inv().ofCode('AAAA2222'))!.usedBy).toEqual(people[wins.indexOf(true)]);
  });

  it('an expired or voided code cannot be redeemed', async () => {
    await inv().add(anInvite('OLD22222', { expiresAt: at(10) }));
    expect(await inv().redeem('OLD22222', wang, at(10))).toBe(false); // expires at that instant
    await inv().add(anInvite('VOID2222'));
    expect(await inv().void('VOID2222')).toBe(true);
    expect(await inv().redeem('VOID2222', wang, at(5))).toBe(false);
    expect((await inv().ofCode('VOID2222'))!.usedBy).toBeNull();
  });

  it('void: an unused code (again is fine), never a used or unknown one', async () => {
    await inv().add(anInvite('AAAA2222'));
    expect(await inv().void('AAAA2222')).toBe(true);
    expect(await inv().void('AAAA2222')).toBe(true);
    expect((await inv().ofCode('AAAA2222'))!.voided).toBe(true);
    await inv().add(anInvite('USED2222'));
    await inv().redeem('USED2222', wang, at(1));
    expect(await inv().void('USED2222')).toBe(false);
    expect((await inv().ofCode('USED2222'))!.voided).toBe(false);
    expect(await inv().void('NOPE')).toBe(false);
  });

  it('recent: the most recently added first, at most `limit`', async () => {
    for (const code of ['FIRST222', 'SECOND22', 'THIRD222']) await inv().add(anInvite(code));
    expect((await inv().recent(10)).map((i) => i.code)).toEqual(['THIRD222', 'SECOND22', 'FIRST222']);
    expect((await inv().recent(2)).map((i) => i.code)).toEqual(['THIRD222', 'SECOND22']);
    expect((await inv().recent(1))[0]).toEqual(anInvite('THIRD222'));
  });
}

describe.each(IMPLEMENTATIONS)('Invites contract: %s', (_name, make) => invitesContract(make));
