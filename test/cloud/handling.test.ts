/**
 * Case handling through the local cloud: the claim cap, leave and off-duty rules, release and hand-over (and their
 * races), progress notes, intake on behalf of a resident, the office's assignment and rejection.
 */
import type { CaseView, DutyView, OfficeQueuesView } from '../../types/domain';
import { DEMO, cloudForFile, codeOf, ok } from '../support/local-cloud';

const T26 = '2026-11-26T10:00:00+08:00'; // group 2 on duty
const T27 = '2026-11-27T10:00:00+08:00'; // group 3 on duty; 朱永康 (group 2) on leave
const G3 = ['demo-member-09', 'demo-member-10', 'demo-member-11', 'demo-member-12'];

const cloud = cloudForFile({ now: T26, timers: false });

const at = (iso: string) => cloud.post('/__dev/clock', { set: iso });
const pipe = { categoryId: 'repair', description: '楼道灯坏了好几天了', place: { compoundId: 'hubin', building: '5幢', unit: '101' } };
const submit = async (openid = DEMO.li) => ok(await cloud.call<CaseView>('cases', 'submit', pipe, openid));

describe('claim rules', () => {
  it('caps a member at 5 open cases, with a clear message; resolving one frees a place', async () => {
    await at(T26);
    const cases = [];
    for (let i = 0; i < 6; i++) cases.push(await submit());
    for (const c of cases.slice(0, 5)) ok(await cloud.call('cases', 'claim', { caseId: c.id }, DEMO.lu));
    const sixth = await cloud.call('cases', 'claim', { caseId: cases[5].id }, DEMO.lu);
    expect(sixth).toMatchObject({ ok: false, error: { code: 'CLAIM_CAP_REACHED', message: expect.stringContaining('5件') } });
    const board = ok(await cloud.call<{ duty: DutyView }>('cases', 'dutyBoard', {}, DEMO.lu));
    expect(board.duty.me).toMatchObject({ openCount: 5, cap: 5, cannotClaimBecause: expect.stringContaining('5件') });
    ok(await cloud.call('cases', 'resolve', { caseId: cases[0].id, note: '好了' }, DEMO.lu));
    expect(ok(await cloud.call<CaseView>('cases', 'claim', { caseId: cases[5].id }, DEMO.lu)).status).toBe('claimed');
  });

  it('refuses a member on leave and a member off duty, saying why', async () => {
    await at(T26);
    const c = await submit(); // group 2's pool
    await at(T27); // group 3 on duty; 朱永康 on leave
    expect(await cloud.call('cases', 'claim', { caseId: c.id }, DEMO.zhu)).toMatchObject({
      ok: false,
      error: { code: 'NOT_ON_DUTY', message: expect.stringContaining('请假') },
    });
    expect(await cloud.call('cases', 'claim', { caseId: c.id }, DEMO.wang)).toMatchObject({
      ok: false,
      error: { code: 'NOT_ON_DUTY', message: expect.stringContaining('值班时间') },
    });
    const board = ok(await cloud.call<{ duty: DutyView }>('cases', 'dutyBoard', {}, DEMO.zhu));
    expect(board.duty.me).toMatchObject({ onLeave: true, onDuty: false, cannotClaimBecause: expect.stringContaining('请假') });
    expect(board.duty).toMatchObject({ groupName: '第三组', officePhone: expect.any(String) });
  });
});

describe('release and hand-over', () => {
  it('release puts the case back in the pool with the reason in its history', async () => {
    await at(T27);
    const c = await submit();
    ok(await cloud.call('cases', 'claim', { caseId: c.id }, G3[0]));
    expect(await cloud.call('cases', 'release', { caseId: c.id, reason: '' }, G3[0])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const back = ok(await cloud.call<CaseView>('cases', 'release', { caseId: c.id, reason: '我要去医院，今天处理不了' }, G3[0]));
    expect(back).toMatchObject({ status: 'pending', statusText: '等待认领', holder: null });
    expect(back.timeline.at(-1)).toMatchObject({ kind: 'released', text: expect.stringContaining('我要去医院') });
    expect(ok(await cloud.call<CaseView>('cases', 'claim', { caseId: c.id }, G3[1])).holder?.id).toBe(G3[1]);
  });

  it('hand-over passes the case to a named colleague, who sees it in their list', async () => {
    await at(T27);
    const c = await submit();
    ok(await cloud.call('cases', 'claim', { caseId: c.id }, G3[0]));
    const view = ok(await cloud.call<CaseView>('cases', 'get', { caseId: c.id }, G3[0]));
    expect(view.can.handOver).toBe(true);
    expect(view.handOverCandidates.map((p) => p.id)).toEqual(expect.arrayContaining([G3[2]]));
    expect(view.handOverCandidates.map((p) => p.id)).not.toContain(DEMO.zhu); // on leave today
    expect(await cloud.call('cases', 'handOver', { caseId: c.id, toMemberId: DEMO.zhu, note: 'x' }, G3[0])).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('请假') },
    });
    const moved = ok(await cloud.call<CaseView>('cases', 'handOver', { caseId: c.id, toMemberId: G3[2], note: '她住在湖滨花园' }, G3[0]));
    expect(moved.holder?.id).toBe(G3[2]);
    const board = ok(await cloud.call<{ mine: Array<{ id: string }> }>('cases', 'dutyBoard', {}, G3[2]));
    expect(board.mine.map((x) => x.id)).toContain(c.id);
  });

  it('two holders’ actions at once: a release racing a hand-over — exactly one wins, the other is told', async () => {
    await at(T27);
    const results = { release: 0, handOver: 0 };
    for (let i = 0; i < 10; i++) {
      const c = await submit();
      ok(await cloud.call('cases', 'claim', { caseId: c.id }, G3[3]));
      const [r, h] = await Promise.all([
        cloud.call<CaseView>('cases', 'release', { caseId: c.id, reason: '放回去' }, G3[3]),
        cloud.call<CaseView>('cases', 'handOver', { caseId: c.id, toMemberId: G3[1], note: '交给你' }, G3[3]),
      ]);
      expect([r.ok, h.ok].filter(Boolean)).toHaveLength(1);
      const loser = r.ok ? h : r;
      expect(['NOT_CASE_HOLDER', 'CASE_CHANGED', 'FORBIDDEN']).toContain(codeOf(loser));
      const final = ok(await cloud.call<CaseView>('cases', 'get', { caseId: c.id }, DEMO.office));
      expect(final.status).toBe(r.ok ? 'pending' : 'claimed');
      if (r.ok) results.release++;
      else results.handOver++;
      if (h.ok) ok(await cloud.call('cases', 'release', { caseId: c.id, reason: '测试' }, G3[1]));
    }
    console.log(`release vs hand-over race: 10 rounds → release won ${results.release}, hand-over won ${results.handOver}, both 0`);
  });

  it('two hand-overs of one case at once (a double tap, two names): exactly one colleague gets it', async () => {
    await at(T27);
    const c = await submit();
    ok(await cloud.call('cases', 'claim', { caseId: c.id }, G3[0]));
    const [a, b] = await Promise.all([
      cloud.call<CaseView>('cases', 'handOver', { caseId: c.id, toMemberId: G3[1], note: '交给你' }, G3[0]),
      cloud.call<CaseView>('cases', 'handOver', { caseId: c.id, toMemberId: G3[2], note: '交给你' }, G3[0]),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const loser = a.ok ? b : a;
    expect(loser.ok ? '' : loser.error.message).toMatch(/[\u4e00-\u9fa5]/);
    const winner = (a.ok ? a.data : b.ok ? b.data : null)!;
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: c.id }, DEMO.office)).holder?.id).toBe(winner.holder?.id);
    ok(await cloud.call('cases', 'resolve', { caseId: c.id, note: '好了' }, winner.holder!.id));
  });

  it('two members claiming a released case at once: exactly one wins', async () => {
    await at(T27);
    const c = await submit();
    const claims = await Promise.all(G3.map((m) => cloud.call('cases', 'claim', { caseId: c.id }, m)));
    expect(claims.filter((r) => r.ok)).toHaveLength(1);
    for (const r of claims.filter((x) => !x.ok)) expect(codeOf(r)).toBe('CASE_ALREADY_CLAIMED');
  });
});

describe('notes and intake', () => {
  it('the holder writes progress notes; others cannot', async () => {
    await at(T27);
    const c = await submit();
    ok(await cloud.call('cases', 'claim', { caseId: c.id }, G3[1]));
    const v = ok(await cloud.call<CaseView>('cases', 'note', { caseId: c.id, text: '已联系电工，明天上午来' }, G3[1]));
    expect(v.timeline.at(-1)).toMatchObject({ kind: 'noted', text: expect.stringContaining('明天上午来') });
    expect(codeOf(await cloud.call('cases', 'note', { caseId: c.id, text: 'x' }, G3[2]))).toBe('FORBIDDEN');
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: c.id }, DEMO.li)).timeline.map((t) => t.kind)).toContain('noted');
    ok(await cloud.call('cases', 'resolve', { caseId: c.id, note: '换好灯了' }, G3[1]));
  });

  it('a member files for a resident without a smartphone; it routes like any other and the member follows it', async () => {
    await at(T27);
    const v = ok(
      await cloud.call<CaseView>(
        'cases',
        'submitOnBehalf',
        {
          residentName: '张大爷',
          residentPhone: '13800001111',
          categoryId: 'elderly',
          description: '独居老人，想请人每周来看看',
          place: { compoundId: 'nanhetou', building: '3幢', unit: '201' },
        },
        DEMO.wang,
      ),
    );
    expect(v).toMatchObject({ filedFor: { name: '张大爷', phone: '13800001111' }, residentName: '张大爷', routing: { groupName: '第三组' } });
    expect(v.timeline[0].text).toBe('王思瑛为张大爷代办登记');
    const mine = ok(await cloud.call<{ cases: Array<{ id: string }> }>('cases', 'listMine', {}, DEMO.wang));
    expect(mine.cases.map((c) => c.id)).toContain(v.id);
    // The holder sees the resident's number in full and can call; others see it masked.
    ok(await cloud.call('cases', 'claim', { caseId: v.id }, G3[0]));
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, G3[0]))).toMatchObject({ contactPhone: '13800001111', canCall: true });
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.office))).toMatchObject({ contactPhone: '138****1111', canCall: false });
    expect(
      codeOf(
        await cloud.call('cases', 'submitOnBehalf', { residentName: '', residentPhone: '1', categoryId: 'x', description: 'x', place: pipe.place }, DEMO.wang),
      ),
    ).toBe('INVALID_INPUT');
  });
});

describe('the office', () => {
  it('queues count and list by kind; assign, resolve; reject with a reason the resident sees', async () => {
    await at(T27);
    const cert = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, categoryId: 'certificate' }, DEMO.li));
    const gas = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, categoryId: 'hazard', description: '楼道里闻到煤气味' }, DEMO.li));
    const spam = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, categoryId: 'unsure', description: '广告广告广告广告' }, DEMO.zhang));
    const q = ok(await cloud.call<OfficeQueuesView>('office', 'queues', { queue: 'office-only' }, DEMO.office));
    expect(q.cases.map((c) => c.id)).toContain(cert.id);
    expect(q.counts['office-only']).toBeGreaterThanOrEqual(1);
    const urgent = ok(await cloud.call<OfficeQueuesView>('office', 'queues', { queue: 'emergency' }, DEMO.office));
    expect(urgent.cases.map((c) => c.id)).toContain(gas.id);
    expect(urgent.cases.every((c) => c.urgent)).toBe(true);

    const mine = ok(await cloud.call<CaseView>('office', 'assign', { caseId: cert.id, assigneeId: 'demo-office-chen' }, DEMO.office));
    expect(mine).toMatchObject({ status: 'claimed', holder: { name: '陈晓燕' } });
    expect(codeOf(await cloud.call('cases', 'resolve', { caseId: cert.id, note: '证明已开好' }, DEMO.office))).toBe('FORBIDDEN');
    ok(await cloud.call('cases', 'resolve', { caseId: cert.id, note: '证明已开好，请来社区领取' }, 'demo-office-chen'));

    const rejected = ok(await cloud.call<CaseView>('office', 'reject', { caseId: spam.id, reason: '内容是广告，与社区事务无关' }, DEMO.office));
    expect(rejected).toMatchObject({ status: 'rejected', statusText: '不予受理' });
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: spam.id }, DEMO.zhang)).rejection?.reason).toBe('内容是广告，与社区事务无关');
    expect(codeOf(await cloud.call('cases', 'claim', { caseId: spam.id }, G3[0]))).toMatch(/CASE_CLOSED|CASE_NOT_FOUND/);
  });

  it('pages queues at most 50 per call and says whether more follow', async () => {
    await at(T27);
    for (let i = 0; i < 55; i++) await cloud.call('cases', 'submit', { ...pipe, categoryId: 'certificate' }, DEMO.zhang);
    const p0 = ok(await cloud.call<OfficeQueuesView>('office', 'queues', { queue: 'office-only', page: 0 }, DEMO.office));
    const p1 = ok(await cloud.call<OfficeQueuesView>('office', 'queues', { queue: 'office-only', page: 1 }, DEMO.office));
    expect(p0.cases).toHaveLength(50);
    expect(p0.hasMore).toBe(true);
    expect(p1.cases.length).toBe(p0.counts['office-only'] - 50);
    expect(new Set([...p0.cases, ...p1.cases].map((c) => c.id)).size).toBe(p0.counts['office-only']);
  });
});
