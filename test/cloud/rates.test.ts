/**
 * 三率 through the local cloud's `office` function: a window of local dates, the dashboard's definitions at work on a
 * few hand-made cases (a claim in time, one too late, a case nobody took before the office did, a withdrawn case,
 * 回访 answers), and hostile windows refused with a stable code and Chinese words.
 */
import type { CaseView, DashboardView } from '../../types/domain';
import { DEMO, DUTY_HOUR, cloudForFile, ok } from '../support/local-cloud';

const cloud = cloudForFile({ now: DUTY_HOUR, timers: false });
const repair = { categoryId: 'repair', description: '楼道灯不亮了', place: { compoundId: 'hubin', building: '5幢', unit: '' } };
const at = (iso: string) => cloud.post('/__dev/clock', { set: iso });
const submit = async (who: string) => ok(await cloud.call<CaseView>('cases', 'submit', repair, who));
const act = async (fn: string, action: string, payload: object, who: string) => ok(await cloud.call<CaseView>(fn, action, payload, who));
const dashboard = async (payload: object) => ok(await cloud.call<DashboardView>('office', 'dashboard', payload, DEMO.office));

describe('三率 through the office function', () => {
  it('counts by the definitions shown, over any window of local dates', async () => {
    // 11-26 (group 2 on duty, 08:30–17:30): A claimed at once; B claimed after its claim time; C withdrawn at once.
    await at('2026-11-26T10:00:00+08:00');
    const a = await submit(DEMO.zhang);
    const b = await submit(DEMO.li);
    const c = await submit(DEMO.zhang);
    await act('cases', 'cancel', { caseId: c.id, reason: '自己修好了' }, DEMO.zhang);
    await act('cases', 'claim', { caseId: a.id }, DEMO.wang);
    expect(b.dueAt).not.toBeNull(); // its claim time
    await at(new Date(Date.parse(b.dueAt!) + 60_000).toISOString());
    await act('cases', 'claim', { caseId: b.id }, DEMO.wang);
    await act('cases', 'resolve', { caseId: a.id, note: '换了灯泡' }, DEMO.wang);
    await act('cases', 'resolve', { caseId: b.id, note: '换了灯泡' }, DEMO.wang);
    // 回访 on 11-27: A 解决了 基本满意; B 没解决 不满意.
    await at('2026-11-27T09:00:00+08:00');
    await act('cases', 'followUp', { caseId: a.id, solved: true, satisfaction: 'basic' }, DEMO.zhang);
    await act('cases', 'followUp', { caseId: b.id, solved: false, satisfaction: 'unsatisfied', comment: '还是不亮' }, DEMO.li);

    const day26 = (await dashboard({ from: '2026-11-26', to: '2026-11-26' })).rates;
    // 响应率: A in time, B late; C withdrawn before its claim time ended counts for nothing. No answer on the 26th.
    expect(day26.total).toEqual({ response: { n: 1, of: 2, rate: 0.5 }, solved: { n: 0, of: 0, rate: null }, satisfied: { n: 0, of: 0, rate: null } });
    expect(day26.byGroup.find((r) => r.key === 'g2')!.response).toEqual({ n: 1, of: 2, rate: 0.5 });
    expect(day26.weeks.map((w) => w.key)).toEqual(['2026-11-23']);
    const day27 = (await dashboard({ from: '2026-11-27', to: '2026-11-27' })).rates;
    expect(day27.total).toEqual({ response: { n: 0, of: 0, rate: null }, solved: { n: 1, of: 2, rate: 0.5 }, satisfied: { n: 1, of: 2, rate: 0.5 } });
    expect(day27.byMember).toEqual([expect.objectContaining({ key: DEMO.wang, label: '王思瑛', solved: { n: 1, of: 2, rate: 0.5 } })]);
    expect(day27.byCategory.map((r) => [r.key, r.solved.of])).toEqual([['repair', 2]]);
    expect(day27.byCompound.map((r) => [r.key, r.satisfied.n])).toEqual([['hubin', 1]]);
    const both = await dashboard({ from: '2026-11-20', to: '2026-11-30' });
    expect([both.from, both.to, both.days, both.total]).toEqual(['2026-11-20', '2026-11-30', 11, 3]);
    expect(both.rates.total.response).toEqual({ n: 1, of: 2, rate: 0.5 });
    // Weeks run Monday to Sunday: 11-20 is a Friday, 11-30 a Monday.
    expect(both.rates.weeks.map((w) => [w.key, w.label, w.response.of, w.solved.of])).toEqual([
      ['2026-11-16', '11月16日—11月22日', 0, 0],
      ['2026-11-23', '11月23日—11月29日', 2, 2],
      ['2026-11-30', '11月30日—12月6日', 0, 0],
    ]);
    // A window before anything happened counts nothing, in every part.
    const before = await dashboard({ from: '2026-10-01', to: '2026-10-31' });
    expect(before.total).toBe(0);
    expect(before.rates.total.response.rate).toBeNull();
  });

  it('refuses hostile windows with a stable code and Chinese words', async () => {
    for (const payload of [
      { from: '2026-11-01' },
      { to: '2026-11-01' },
      { from: '2026-11-02', to: '2026-11-01' },
      { from: '2025-01-01', to: '2026-11-01' },
      { from: '2026-02-30', to: '2026-03-01' },
      { from: '2026/11/01', to: '2026-11-02' },
      { from: { $gt: '' }, to: '2026-11-02' },
      { from: '2026-11-01', to: '2026-11-02', days: 30 },
      { days: 31 },
    ]) {
      const r = await cloud.call('office', 'dashboard', payload, DEMO.office);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_INPUT');
        expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    // Residents and members never see it.
    for (const who of [DEMO.zhang, DEMO.wang]) expect((await cloud.call('office', 'dashboard', { days: 7 }, who)).ok).toBe(false);
  });
});
