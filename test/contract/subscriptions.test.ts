/** Contract of the Subscriptions port (credit ledger): the in-memory fake and the adapter on the local database behave alike. */
import type { PortsFactory } from './support';
import { IMPLEMENTATIONS, freshPorts } from './support';

export function subscriptionsContract(make: PortsFactory) {
  const p = freshPorts(make);
  const s = () => p.subscriptions;

  it('nobody has credits until they accept', async () => {
    expect(await s().credits('r1')).toEqual({});
    await s().record('r1', { T1: 'reject', T2: 'ban' });
    expect(await s().credits('r1')).toEqual({});
    expect(await s().take('r1', 'T1')).toBe(false);
  });

  it('each accept is one credit; without a grant id every record counts', async () => {
    await s().record('r1', { T1: 'accept', T2: 'reject' });
    await s().record('r1', { T1: 'accept', T2: 'accept' });
    expect(await s().credits('r1')).toEqual({ T1: 2, T2: 1 });
    expect(await s().credits('r2')).toEqual({});
  });

  it('with a grant id the same grant counts once; another grant counts again', async () => {
    await s().record('r1', { T1: 'accept' }, 'g1');
    await s().record('r1', { T1: 'accept' }, 'g1');
    expect(await s().credits('r1')).toEqual({ T1: 1 });
    await s().record('r1', { T1: 'accept', T2: 'accept' }, 'g2');
    await s().record('r2', { T1: 'accept' }, 'g1'); // grants are per person
    expect(await s().credits('r1')).toEqual({ T1: 2, T2: 1 });
    expect(await s().credits('r2')).toEqual({ T1: 1 });
  });

  it('a grant with no accept records nothing, not even the grant', async () => {
    await s().record('r1', { T1: 'reject' }, 'g1');
    await s().record('r1', { T1: 'accept' }, 'g1');
    expect(await s().credits('r1')).toEqual({ T1: 1 });
  });

  it('take uses one credit at a time and refuses at zero', async () => {
    await s().record('r1', { T1: 'accept' });
    await s().record('r1', { T1: 'accept' });
    expect(await s().take('r1', 'T1')).toBe(true);
    expect(await s().take('r1', 'T1')).toBe(true);
    expect(await s().take('r1', 'T1')).toBe(false);
    expect(await s().take('r1', 'T2')).toBe(false);
    expect(await s().credits('r1')).toEqual({ T1: 0 });
  });

  it('clear sets a template to zero and leaves the others; clearing for someone without a record creates nothing', async () => {
    await s().record('r1', { T1: 'accept', T2: 'accept' });
    await s().record('r1', { T1: 'accept' });
    await s().clear('r1', 'T1');
    await s().clear('r1', 'T3');
    expect(await s().credits('r1')).toEqual({ T1: 0, T2: 1, T3: 0 });
    expect(await s().take('r1', 'T1')).toBe(false);
    await s().clear('r2', 'T1');
    expect(await s().credits('r2')).toEqual({});
  });

  it('parallel records: one grant counts once, distinct grants each count', async () => {
    await Promise.all(Array.from({ length: 5 }, () => s().record('r1', { T1: 'accept' }, 'same')));
    expect(await s().credits('r1')).toEqual({ T1: 1 });
    await Promise.all(Array.from({ length: 5 }, (_, i) => s().record('r2', { T1: 'accept' }, `g${i}`)));
    expect(await s().credits('r2')).toEqual({ T1: 5 });
  });

  it('parallel takes never use more credits than there are', async () => {
    for (let i = 0; i < 3; i++) await s().record('r1', { T1: 'accept' });
    const ok = await Promise.all(Array.from({ length: 8 }, () => s().take('r1', 'T1')));
    expect(ok.filter(Boolean)).toHaveLength(3);
    expect(await s().credits('r1')).toEqual({ T1: 0 });
  });
}

describe.each(IMPLEMENTATIONS)('Subscriptions contract: %s', (_name, make) => subscriptionsContract(make));
