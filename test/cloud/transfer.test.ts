/**
 * 转办 through the local cloud's `office` function: the office hands a case to an outside body with its 工单号 and
 * expected date, the resident reads it in plain words and is told, two office workers at once → one wins, hostile
 * input is refused with a stable code and Chinese words and changes nothing, the outcome resolves the case, and the
 * dashboard counts transfers by body.
 */
import type { CaseView, DashboardView, MessageView, OfficeQueuesView } from '../../types/domain';
import { DEMO, DUTY_HOUR, cloudForFile, ok } from '../support/local-cloud';

const cloud = cloudForFile({ now: DUTY_HOUR, timers: false });
const CHEN = 'demo-office-chen';
const certificate = {
  categoryId: 'certificate',
  description: '要开一张居住证明给孩子上学用',
  place: { compoundId: 'hubin', building: '5幢', unit: '3单元101' },
};
const toProperty = { body: 'property', ticket: 'WY-2026-0088', expectedDate: '2026-12-03' };

const atOffice = async () => ok(await cloud.call<CaseView>('cases', 'submit', certificate, DEMO.li)).id;
const get = async (caseId: string, who: string) => ok(await cloud.call<CaseView>('cases', 'get', { caseId }, who));
const CHINESE = /[\u4e00-\u9fff]/;

describe('转办 through the office function', () => {
  it('records the hand-over; everyone who may see the case reads it in their words; the resident is told', async () => {
    const caseId = await atOffice();
    const v = ok(await cloud.call<CaseView>('office', 'transfer', { caseId, ...toProperty }, DEMO.office));
    expect(v.transfer).toMatchObject({ bodyName: '物业', ticket: 'WY-2026-0088', text: '已转交 物业（工单号 WY-2026-0088），预计12月3日前办好' });
    expect((await get(caseId, CHEN)).transfer!.text).toBe('已转交 物业（工单号 WY-2026-0088），预计12月3日前办好');
    const seen = await get(caseId, DEMO.li);
    expect(seen.transfer!.text).toBe('已请物业处理（工单号 WY-2026-0088），预计12月3日前办好');
    expect(seen.timeline.at(-1)!.text).toBe('已请物业处理（工单号 WY-2026-0088），预计12月3日前办好');
    const inbox = ok(await cloud.call<{ items: MessageView[] }>('messages', 'list', {}, DEMO.li)).items;
    expect(inbox.filter((m) => m.caseId === caseId && m.title === '您反映的事已请有关单位处理')).toHaveLength(1);

    // The outcome: 办结 by the office, the resident hears it is done.
    const done = ok(await cloud.call<CaseView>('office', 'transferOutcome', { caseId, outcome: '物业说明天上午来盖章' }, CHEN));
    expect(done).toMatchObject({ status: 'resolved', resolution: { note: '物业回复：物业说明天上午来盖章' } });
    expect((await get(caseId, DEMO.li)).statusText).toBe('已经办好了');
  });

  it('hostile or wrong input: a stable code, Chinese words, nothing changed', async () => {
    const caseId = await atOffice();
    const before = await get(caseId, DEMO.office);
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ ...toProperty, body: 'mafia' }, 'INVALID_INPUT'],
      [{ ...toProperty, body: 'other' }, 'INVALID_INPUT'], // another body must name itself
      [{ ...toProperty, bodyName: 'x'.repeat(21), body: 'other' }, 'INVALID_INPUT'],
      [{ ...toProperty, ticket: '' }, 'INVALID_INPUT'],
      [{ ...toProperty, ticket: 'A'.repeat(33) }, 'INVALID_INPUT'],
      [{ ...toProperty, ticket: { $gt: '' } }, 'INVALID_INPUT'],
      [{ ...toProperty, ticket: 'WY 1; drop' }, 'INVALID_INPUT'],
      [{ ...toProperty, expectedDate: '2026-02-30' }, 'INVALID_INPUT'],
      [{ ...toProperty, expectedDate: '2026-11-25' }, 'INVALID_INPUT'], // before today
      [{ ...toProperty, expectedDate: { $ne: null } }, 'INVALID_INPUT'],
      [{ ...toProperty, holder: DEMO.office }, 'INVALID_INPUT'],
    ];
    for (const [payload, code] of bad) {
      const r = await cloud.call('office', 'transfer', { caseId, ...payload }, DEMO.office);
      expect(r).toMatchObject({ ok: false, error: { code } });
      if (!r.ok) expect(r.error.message).toMatch(CHINESE);
    }
    // Not the office: refused. The outcome of a case never handed over: its own code.
    expect(await cloud.call('office', 'transfer', { caseId, ...toProperty }, DEMO.wang)).toMatchObject({ ok: false });
    expect(await cloud.call('office', 'transfer', { caseId, ...toProperty }, '')).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
    expect(await cloud.call('office', 'transferOutcome', { caseId, outcome: '好了' }, DEMO.office)).toMatchObject({
      ok: false,
      error: { code: 'CASE_NOT_TRANSFERRED', message: expect.stringMatching(CHINESE) },
    });
    expect(await get(caseId, DEMO.office)).toEqual(before);
  });

  it('two office workers at once: exactly one hand-over is recorded', async () => {
    const caseId = await atOffice();
    const [a, b] = await Promise.all([
      cloud.call<CaseView>('office', 'transfer', { caseId, ...toProperty }, DEMO.office),
      cloud.call<CaseView>('office', 'transfer', { caseId, body: 'hotline', ticket: '12345-0077', expectedDate: '2026-12-01' }, CHEN),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const lost = a.ok ? b : a;
    if (!lost.ok) expect(['CASE_ALREADY_TRANSFERRED', 'CASE_CHANGED']).toContain(lost.error.code);
    expect((await get(caseId, DEMO.office)).timeline.filter((t) => t.kind === 'transferred')).toHaveLength(1);
  });

  it('the dashboard counts transfers, and the open ones, by body', async () => {
    const open = await atOffice();
    ok(await cloud.call('office', 'transfer', { caseId: open, body: 'water', ticket: 'SW-1', expectedDate: '2026-11-28' }, DEMO.office));
    const view = ok(await cloud.call<DashboardView>('office', 'dashboard', { days: 30 }, DEMO.office));
    const row = (label: string) => view.transfers.find((t) => t.label === label);
    // 物业: the first test's (resolved by its outcome), the race's winner if it was 吴霞's, and so on: count what is stored.
    const property = row('物业')!;
    expect(property.count - property.open).toBe(1); // the first test's, resolved by its outcome
    expect(property.count + (row('12345热线')?.count ?? 0)).toBe(2); // that one and the race's winner; the hostile calls stored none
    expect(row('自来水公司')).toEqual({ body: 'water', label: '自来水公司', count: 1, open: 1 });
  });

  it('its deadline follows the body’s expected date: not overdue at the office before then, overdue after', async () => {
    const caseId = await atOffice();
    const v = ok(await cloud.call<CaseView>('office', 'transfer', { caseId, ...toProperty }, DEMO.office));
    expect(v.dueAt).toBe(new Date('2026-12-04T00:00:00+08:00').toISOString()); // the end of 12-03 in Beijing
    const overdue = async () => ok(await cloud.call<OfficeQueuesView>('office', 'queues', { queue: 'overdue' }, DEMO.office)).cases.map((c) => c.id);
    await cloud.post('/__dev/clock', { set: '2026-12-01T10:00:00+08:00' }); // past the office's own claim time
    expect(await overdue()).not.toContain(caseId);
    await cloud.post('/__dev/clock', { set: '2026-12-04T09:00:00+08:00' });
    expect(await overdue()).toContain(caseId);
    await cloud.post('/__dev/clock', { set: DUTY_HOUR });
  });
});
