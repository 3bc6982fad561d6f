/** Contract of the Messages port (message centre and WeChat outbox): the in-memory fake and the adapter on the local database behave alike. */
import type { MessageRecord } from '../../cloudfunctions/core/ports';
import type { Delivery } from '../../cloudfunctions/core/notify';
import type { PortsFactory } from './support';
import { IMPLEMENTATIONS, at, freshPorts, ids } from './support';

const delivery = (status: Delivery['status'], nextMinutes: number | null = null, attempts = 1): Delivery => ({
  status,
  attempts,
  nextAttemptAt: nextMinutes === null ? null : at(nextMinutes),
  errCode: status === 'retrying' ? -1 : null,
});

const aMessage = (id: string, minutes: number, over: Partial<MessageRecord> = {}): MessageRecord => ({
  id,
  touser: 'r1',
  caseId: 'c1',
  title: '有人认领了您反映的事',
  text: '王思瑛认领了您反映的事',
  at: at(minutes),
  read: false,
  wechat: { touser: 'r1', templateId: 'TMPL_PROGRESS', page: 'pages/case/index?id=c1', data: { thing2: { value: '水管漏水' } } },
  delivery: delivery('in-app'),
  ...over,
});

export function messagesContract(make: PortsFactory) {
  const p = freshPorts(make);
  const m = () => p.messages;
  const one = async (id: string, personId = 'r1') => (await m().ofUser(personId, 0, 100)).items.find((x) => x.id === id);

  it('stores an entry under its id and reads it back', async () => {
    const msg = aMessage('n1', 0, { delivery: delivery('retrying', 5) });
    expect(await m().add(msg)).toBe(true);
    expect(await one('n1')).toEqual(msg);
    const plain = aMessage('n2', 1, { caseId: null, wechat: null });
    await m().add(plain);
    expect(await one('n2')).toEqual(plain);
  });

  it('a second add under the same id returns false and changes nothing', async () => {
    const msg = aMessage('n1', 0);
    expect(await m().add(msg)).toBe(true);
    expect(await m().add({ ...msg, text: '另一条', read: true })).toBe(false);
    expect(await one('n1')).toEqual(msg);
    expect((await m().ofUser('r1', 0, 10)).items).toHaveLength(1);
  });

  it('existing names the ids stored already, and nothing else', async () => {
    expect(await m().existing([])).toEqual([]);
    await m().add(aMessage('n1', 0));
    await m().add(aMessage('n2', 1, { touser: 'r2' }));
    expect((await m().existing(['n1', 'n2', 'n3'])).sort()).toEqual(['n1', 'n2']);
    expect(await m().existing(['n3'])).toEqual([]);
  });

  it('setDelivery replaces the delivery state', async () => {
    await m().add(aMessage('n1', 0, { delivery: delivery('retrying', 5, 1) }));
    await m().setDelivery('n1', { status: 'sent', attempts: 2, nextAttemptAt: null, errCode: null });
    expect((await one('n1'))!.delivery).toEqual({ status: 'sent', attempts: 2, nextAttemptAt: null, errCode: null });
    expect(await m().dueForRetry(at(100), 10)).toEqual([]);
  });

  it('claimRetry: exactly one of many parallel callers takes the send; it needs the right attempt count and a retrying state', async () => {
    await m().add(aMessage('n1', 0, { delivery: delivery('retrying', 5, 2) }));
    expect(await m().claimRetry('n1', 1, at(20))).toBe(false); // another attempt number
    const wins = await Promise.all(Array.from({ length: 10 }, () => m().claimRetry('n1', 2, at(20))));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect((await one('n1'))!.delivery).toEqual({ status: 'sending', attempts: 2, nextAttemptAt: at(20), errCode: -1 });
    expect(await m().claimRetry('n1', 2, at(30))).toBe(false); // sending now
    expect(await m().claimRetry('nope', 0, at(30))).toBe(false);
  });

  it('dueForRetry: retries whose time has come and sends interrupted past their lease, earliest first, at most `limit`', async () => {
    await m().add(aMessage('retry-10', 0, { delivery: delivery('retrying', 10) }));
    await m().add(aMessage('sending-5', 1, { delivery: delivery('sending', 5) }));
    await m().add(aMessage('sent', 2, { delivery: delivery('sent') }));
    await m().add(aMessage('retry-later', 3, { delivery: delivery('retrying', 100) }));
    await m().add(aMessage('failed', 4, { delivery: { ...delivery('failed'), errCode: 40003 } }));
    await m().add(aMessage('other-user', 5, { touser: 'r2', delivery: delivery('retrying', 7) }));
    expect(ids(await m().dueForRetry(at(20), 10))).toEqual(['sending-5', 'other-user', 'retry-10']);
    expect(ids(await m().dueForRetry(at(10), 10))).toEqual(['sending-5', 'other-user', 'retry-10']); // inclusive
    expect(ids(await m().dueForRetry(at(20), 1))).toEqual(['sending-5']);
    expect(await m().claimRetry('retry-10', 1, at(30))).toBe(true); // now sending, leased until 30
    expect(ids(await m().dueForRetry(at(20), 10))).toEqual(['sending-5', 'other-user']);
    expect(ids(await m().dueForRetry(at(30), 10))).toEqual(['sending-5', 'other-user', 'retry-10']);
    const [first] = await m().dueForRetry(at(20), 1);
    expect(first.delivery.nextAttemptAt).toEqual(at(5));
  });

  it('ofUser: a person’s messages, newest first, paged with hasMore', async () => {
    for (const [id, minutes] of [
      ['n3', 3],
      ['n1', 1],
      ['n5', 5],
      ['n2', 2],
      ['n4', 4],
    ] as const)
      await m().add(aMessage(id, minutes));
    await m().add(aMessage('theirs', 9, { touser: 'r2' }));
    const page = async (n: number, limit: number) => {
      const r = await m().ofUser('r1', n, limit);
      return [ids(r.items), r.hasMore];
    };
    expect(await page(0, 2)).toEqual([['n5', 'n4'], true]);
    expect(await page(1, 2)).toEqual([['n3', 'n2'], true]);
    expect(await page(2, 2)).toEqual([['n1'], false]);
    expect(await page(0, 5)).toEqual([['n5', 'n4', 'n3', 'n2', 'n1'], false]);
    expect(await m().ofUser('nobody', 0, 5)).toEqual({ items: [], hasMore: false });
  });

  it('unread and markRead: some by id, then all; only the person’s own', async () => {
    for (const id of ['a', 'b', 'c']) await m().add(aMessage(id, 0));
    await m().add(aMessage('theirs', 0, { touser: 'r2' }));
    await m().add(aMessage('old', 0, { read: true }));
    expect(await m().unread('r1')).toBe(3);
    await m().markRead('r1', ['a', 'theirs', 'missing']);
    expect(await m().unread('r1')).toBe(2);
    expect(await m().unread('r2')).toBe(1);
    expect((await one('a'))!.read).toBe(true);
    await m().markRead('r1', []);
    expect(await m().unread('r1')).toBe(2);
    await m().markRead('r1');
    expect(await m().unread('r1')).toBe(0);
    expect(await m().unread('r2')).toBe(1);
  });
}

describe.each(IMPLEMENTATIONS)('Messages contract: %s', (_name, make) => messagesContract(make));
