/** Contract of the Holdings port (claim-cap slots): the in-memory fake and the adapter on the local database behave alike. */
import { claim, release } from '../../cloudfunctions/core/Case';
import type { PortsFactory } from './support';
import { IMPLEMENTATIONS, aCase, at, freshPorts, wang } from './support';

export function holdingsContract(make: PortsFactory) {
  const p = freshPorts(make);
  const reserve = (caseId: string, cap: number, minutes = 0, staleMinutes = -60, member = 'm-wang') =>
    p.holdings.reserve(member, caseId, cap, at(minutes), at(staleMinutes));

  it('reserves below the cap and refuses at it', async () => {
    expect(await reserve('a', 2)).toBe(true);
    expect(await reserve('b', 2)).toBe(true);
    expect(await reserve('c', 2)).toBe(false);
    expect(await reserve('c', 2, 0, -60, 'm-lu')).toBe(true); // each member has their own slots
  });

  it('re-reserving a case already reserved succeeds even at the cap, and takes no second slot', async () => {
    expect(await reserve('a', 2)).toBe(true);
    expect(await reserve('a', 2)).toBe(true);
    expect(await reserve('b', 2)).toBe(true);
    expect(await reserve('a', 2)).toBe(true);
    expect(await reserve('c', 2)).toBe(false);
  });

  it('free is idempotent and frees one slot', async () => {
    await reserve('a', 2);
    await reserve('b', 2);
    await p.holdings.free('m-wang', 'a');
    await p.holdings.free('m-wang', 'a');
    await p.holdings.free('m-wang', 'never');
    await p.holdings.free('m-nobody', 'a');
    expect(await reserve('c', 2)).toBe(true);
    expect(await reserve('d', 2)).toBe(false);
  });

  it('take counts a case without the cap, once', async () => {
    await reserve('a', 2);
    await reserve('b', 2);
    await p.holdings.take('m-wang', 'c', at(1));
    await p.holdings.take('m-wang', 'c', at(2));
    await p.holdings.free('m-wang', 'a');
    expect(await reserve('d', 2)).toBe(false); // b and c held
    await p.holdings.free('m-wang', 'c');
    expect(await reserve('d', 2)).toBe(true);
  });

  it('the first reservation counts the studio cases the member holds already (and a held case is reserved already)', async () => {
    for (const id of ['h1', 'h2']) await p.cases.add(claim(aCase(id, 0), wang, at(1), at(60)));
    await p.cases.add(release(claim(aCase('h3', 0), wang, at(1), at(60)), wang, '不会修', at(2), at(30))); // no longer held
    expect(await reserve('h1', 2)).toBe(true); // at the cap, but already held
    expect(await reserve('x', 2)).toBe(false);
    expect(await reserve('x', 3)).toBe(true);
  });

  it('the cap holds under ten parallel reservations', async () => {
    const ok = await Promise.all(Array.from({ length: 10 }, (_, i) => reserve(`c${i}`, 5)));
    expect(ok.filter(Boolean)).toHaveLength(5);
    expect(await reserve('more', 5)).toBe(false);
    // the five that won hold their slots: re-reserving them succeeds, and freeing one lets one more in
    const won = ok.flatMap((w, i) => (w ? [`c${i}`] : []));
    for (const id of won) expect(await reserve(id, 5)).toBe(true);
    await p.holdings.free('m-wang', won[0]);
    expect(await reserve('more', 5)).toBe(true);
  });

  it('ten parallel reservations of one case take one slot', async () => {
    const ok = await Promise.all(Array.from({ length: 10 }, () => reserve('same', 2)));
    expect(ok.every(Boolean)).toBe(true);
    expect(await reserve('other', 2)).toBe(true);
    expect(await reserve('third', 2)).toBe(false);
  });

  it('a reservation whose case was never written is reclaimed at the cap once older than the lease', async () => {
    expect(await reserve('ghost', 1, 0)).toBe(true); // the function died before writing the case
    expect(await reserve('x', 1, 5, -1)).toBe(false); // not stale yet: reserved at 0, lease began before
    expect(await reserve('x', 1, 10, 5)).toBe(true); // reserved before 5: reclaimed
    expect(await reserve('ghost', 1, 11, 5)).toBe(false); // its slot is gone
  });

  it('a reservation whose case the member holds is never reclaimed', async () => {
    expect(await reserve('held', 1, 0)).toBe(true);
    await p.cases.add(claim(aCase('held', 0), wang, at(1), at(60)));
    expect(await reserve('x', 1, 100, 50)).toBe(false);
  });
}

describe.each(IMPLEMENTATIONS)('Holdings contract: %s', (_name, make) => holdingsContract(make));
