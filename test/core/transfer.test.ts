/** 转办: the office hands a case to an outside body with its 工单号 and expected date, then records the outcome (办结). */
import type { DomainError } from '../../cloudfunctions/core/errors';
import { escalateCase, getCase, recordTransferOutcome, resolveCase, submitCase, transferCase } from '../../cloudfunctions/core/usecases';
import { aMember, aPerson, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨' });
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const li = aPerson({ id: 'o-li', role: 'office', name: '李明' });
const people = [zhang, lu, wu, li];
const pipe = { categoryId: 'repair', description: '楼道里的总水管一直漏水', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'NO_ERROR',
    (e: DomainError) => e.code,
  );

async function atOffice() {
  const deps = fakeDeps({ now: bj('2026-11-26 10:00'), people });
  const v = await submitCase(deps, zhang, pipe);
  await escalateCase(deps, lu, v.id, '是公共管道，要物业来修');
  return { deps, id: v.id };
}
const toProperty = { body: 'property' as const, ticket: 'WY-2026-0088', expectedDate: '2026-12-03' };

describe('转办', () => {
  it('the office records a hand-over to 物业; staff and the resident each read it in their words; the resident is told', async () => {
    const { deps, id } = await atOffice();
    const v = await transferCase(deps, wu, { caseId: id, ...toProperty });
    expect(v.transfer).toMatchObject({ body: 'property', bodyName: '物业', ticket: 'WY-2026-0088', expectedDate: '2026-12-03', by: { name: '吴霞' } });
    expect(v.transfer!.text).toBe('已转交 物业（工单号 WY-2026-0088），预计12月3日前办好');
    expect(v.status).toBe('pending'); // still the office's: the outcome is recorded by the office
    expect(v.can).toMatchObject({ transfer: false, transferOutcome: true });
    expect(v.timeline.at(-1)).toMatchObject({ kind: 'transferred', text: '吴霞转交物业（工单号 WY-2026-0088），预计2026-12-03前办好' });
    const seen = await getCase(deps, zhang, id);
    expect(seen.transfer!.text).toBe('已请物业处理（工单号 WY-2026-0088），预计12月3日前办好');
    expect(seen.timeline.at(-1)!.text).toBe('已请物业处理（工单号 WY-2026-0088），预计12月3日前办好');
    expect(seen.can).toMatchObject({ transfer: false, transferOutcome: false });
    const told = deps.messages.all.filter((m) => m.touser === zhang.id).at(-1)!;
    expect(told).toMatchObject({ title: '您反映的事已请有关单位处理', text: '「水电维修」已请物业处理（工单号 WY-2026-0088），预计12月3日前办好' });
    expect(told.wechat).toBeNull(); // the message centre only
  });

  it('another body names itself', async () => {
    const { deps, id } = await atOffice();
    const v = await transferCase(deps, wu, { caseId: id, body: 'other', bodyName: ' 房管所 ', ticket: '房2026-7', expectedDate: '2026-11-26' });
    expect(v.transfer!.text).toBe('已转交 房管所（工单号 房2026-7），预计11月26日前办好');
  });

  it('refuses what cannot be right, changing nothing', async () => {
    const { deps, id } = await atOffice();
    const before = await deps.cases.ofId(id);
    const refused = [
      { ...toProperty, expectedDate: '2026-11-25' }, // before today
      { ...toProperty, expectedDate: '2028-01-01' }, // more than a year ahead
      { ...toProperty, ticket: '   ' },
      { body: 'other' as const, bodyName: '  ', ticket: 'X1', expectedDate: '2026-12-01' },
    ];
    for (const r of refused) expect(await codeOf(transferCase(deps, wu, { caseId: id, ...r }))).toBe('INVALID_INPUT');
    expect(await deps.cases.ofId(id)).toEqual(before);
    // Not the office's: a member may not; a case in the studio's pool is not the office's to hand on.
    expect(await codeOf(transferCase(deps, lu, { caseId: id, ...toProperty }))).toBe('FORBIDDEN');
    const pool = await submitCase(deps, zhang, pipe);
    expect(await codeOf(transferCase(deps, wu, { caseId: pool.id, ...toProperty }))).toBe('FORBIDDEN');
    expect(await codeOf(recordTransferOutcome(deps, wu, id, '修好了'))).toBe('CASE_NOT_TRANSFERRED');
    expect(await deps.cases.ofId(id)).toEqual(before);
  });

  it('two office workers at once: one wins, the other is told it was handed over already', async () => {
    const { deps, id } = await atOffice();
    const results = await Promise.allSettled([
      transferCase(deps, wu, { caseId: id, ...toProperty }),
      transferCase(deps, li, { caseId: id, body: 'hotline', ticket: '12345-77', expectedDate: '2026-12-01' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((lost.reason as DomainError).code).toBe('CASE_ALREADY_TRANSFERRED');
    expect((await deps.cases.ofId(id))!.timeline.filter((t) => t.kind === 'transferred')).toHaveLength(1);
  });

  it('a second transfer is refused until the outcome is in', async () => {
    const { deps, id } = await atOffice();
    await transferCase(deps, wu, { caseId: id, ...toProperty });
    expect(await codeOf(transferCase(deps, li, { caseId: id, body: 'street', ticket: 'JD-1', expectedDate: '2026-12-01' }))).toBe('CASE_ALREADY_TRANSFERRED');
  });

  it('the outcome resolves the case by 办结 itself: the note names the body, the resident hears it is done', async () => {
    const { deps, id } = await atOffice();
    await transferCase(deps, wu, { caseId: id, ...toProperty });
    expect(await codeOf(recordTransferOutcome(deps, wu, id, '  '))).toBe('INVALID_INPUT');
    const done = await recordTransferOutcome(deps, li, id, '物业换了新的总水管');
    expect(done).toMatchObject({ status: 'resolved', holder: { name: '李明' }, resolution: { note: '物业回复：物业换了新的总水管' } });
    expect(done.transfer!.text).toBe('已转交 物业（工单号 WY-2026-0088），预计12月3日前办好'); // kept on the record
    expect(done.can).toMatchObject({ transfer: false, transferOutcome: false });
    const seen = await getCase(deps, zhang, id);
    expect(seen.statusText).toBe('已经办好了');
    expect(deps.messages.all.filter((m) => m.touser === zhang.id).at(-1)).toMatchObject({ title: '您反映的事已经办好了' });
    // Resolved once: 办结 is not offered, and refused, a second time.
    expect(done.can.resolve).toBe(false);
    expect(await codeOf(resolveCase(deps, li, id, '再办一次'))).not.toBe('NO_ERROR');
  });
});
