/**
 * Escalation through the local cloud: the bundled `sweeper` function run by its timer trigger on the local
 * cloud's controllable clock, and members/residents/office acting through the `cases` function.
 */
import type { CaseView } from '../../types/domain';
import { DEMO, DUTY_HOUR, cloudForFile, ok } from '../support/local-cloud';

const cloud = cloudForFile({ now: DUTY_HOUR });
const pipe = { categoryId: 'repair', description: '楼道里的水管一直在漏水', place: { compoundId: 'hubin', building: '5幢', unit: '3单元101' } };

const submit = async () => ok(await cloud.call<CaseView>('cases', 'submit', pipe, DEMO.li));
const advance = (minutes: number) =>
  cloud.post<{ now: string; triggered: Array<{ functionName: string; ok: boolean; result?: { ok: boolean; data?: Record<string, number> } }> }>(
    '/__dev/clock',
    { advanceMinutes: minutes },
  );

describe('the SLA clock, through the timer trigger', () => {
  it('escalates a case nobody claimed within 30 duty minutes, once', async () => {
    const v = await submit();
    expect(v.expectation?.kind).toBe('claim');
    const due = Date.parse(v.expectation!.by);
    const { now } = await cloud.get<{ now: string }>('/__dev/clock');
    // Move to 6 minutes past the deadline: a 5-minute trigger time lies in between.
    const answer = await advance(Math.ceil((due - Date.parse(now)) / 60_000) + 6);
    const sweeps = answer.triggered.filter((t) => t.functionName === 'sweeper');
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0].result).toMatchObject({ ok: true, data: { claimEscalated: 1 } });
    const after = ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.li));
    // The resident reads why in plain words; the office reads the rule that fired.
    expect(after).toMatchObject({ statusText: '已交给社区办公室', holderText: '社区办公室', routing: { rule: 'escalated' } });
    const last = after.timeline.at(-1)!;
    expect(last).toMatchObject({ kind: 'escalated', trigger: 'claim-sla', by: null, text: '值班的书记没能及时接手，已交给社区办公室' });
    expect(after.routing.reason).toBe('值班的书记没能及时接手，已交给社区办公室');
    const asOffice = ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.office));
    expect(asOffice.statusText).toBe('已上报社区');
    expect(asOffice.timeline.at(-1)!.text).toContain('30分钟值班时间内无人认领');
    // The next sweep finds nothing more to do for it.
    const again = await advance(5);
    const count = after.timeline.filter((t) => t.kind === 'escalated').length;
    expect(again.triggered.every((t) => t.ok && t.result?.ok)).toBe(true);
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.li)).timeline.filter((t) => t.kind === 'escalated')).toHaveLength(count);
  });

  it('refuses to run the sweeper for a client caller', async () => {
    expect(await cloud.call('sweeper', 'x', {}, DEMO.li)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('a claim racing a sweep', () => {
  it('exactly one of them wins, for every case (12 cases)', async () => {
    await cloud.post('/__dev/clock', { set: '2026-11-30T10:00:00+08:00' }); // group 2 again
    const cases = await Promise.all(Array.from({ length: 12 }, submit));
    const { now } = await cloud.get<{ now: string }>('/__dev/clock');
    const minutes = Math.ceil((Date.parse(cases[0].expectation!.by) - Date.parse(now)) / 60_000) + 1;
    // 20 claims and the clock jump that fires the sweep, all at once.
    const claimers = DEMO.g2; // 3 claims each: under the cap of 5
    // Claims go out a millisecond apart; the clock jump that fires the sweep goes out in the middle of them.
    const sweep = new Promise<Awaited<ReturnType<typeof advance>>>((resolve) => setTimeout(() => resolve(advance(minutes)), 10));
    const claims = await Promise.all(
      cases.map(async (c, i) => {
        await new Promise((r) => setTimeout(r, i));
        return cloud.call<CaseView>('cases', 'claim', { caseId: c.id }, claimers[i % claimers.length]);
      }),
    );
    const swept = (await sweep).triggered.filter((t) => t.functionName === 'sweeper');
    expect(swept).toHaveLength(1);
    expect(swept[0].result?.ok).toBe(true);
    const report = swept[0].result?.data ?? {};
    let claimed = 0;
    let escalated = 0;
    for (const [i, c] of cases.entries()) {
      const final = ok(await cloud.call<CaseView>('cases', 'get', { caseId: c.id }, DEMO.li));
      const wonClaim = claims[i].ok;
      const wasEscalated = final.timeline.some((t) => t.kind === 'escalated');
      expect(wonClaim !== wasEscalated).toBe(true); // exactly one
      expect(final.status).toBe(wonClaim ? 'claimed' : 'pending');
      // The sweep won: the claim found the case gone up to the office (CASE_NOT_CLAIMABLE — also when its read came
      // after the sweep's write: the case was in the member's own group's pool, so they are told where it went), or
      // lost the write to it (CASE_ALREADY_CLAIMED).
      if (!claims[i].ok) expect(['CASE_NOT_CLAIMABLE', 'CASE_ALREADY_CLAIMED']).toContain(claims[i].error.code);
      if (wonClaim) claimed++;
      else escalated++;
    }
    expect(report.claimEscalated).toBe(escalated);
    console.log(
      `claim vs sweep race: 12 cases → ${claimed} claimed first, ${escalated} escalated first (sweep skipped ${report.skipped} it had read), 0 both, 0 neither`,
    );
  });
});

describe('members, residents and the office', () => {
  it('a member escalates with a reason; the office returns it; the resident sees each step', async () => {
    await cloud.post('/__dev/clock', { set: DUTY_HOUR });
    const v = await submit();
    const up = ok(await cloud.call<CaseView>('cases', 'escalate', { caseId: v.id, reason: '公共管道，要物业出面' }, DEMO.lu));
    expect(up.routing.reason).toBe('已上报社区：公共管道，要物业出面');
    expect(await cloud.call('cases', 'escalate', { caseId: v.id, reason: '' }, DEMO.lu)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const back = ok(await cloud.call<CaseView>('office', 'returnToStudio', { caseId: v.id, note: '物业已同意配合，请工作室跟进' }, DEMO.office));
    expect(back).toMatchObject({ statusText: '等待认领', routing: { groupName: '第二组', rule: 'office-return' } });
    const seen = ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.li));
    expect(seen.timeline.map((t) => t.kind)).toEqual(['submitted', 'routed', 'escalated', 'returned']);
  });

  it('a resident reopens twice: back to the holder, then up to the office', async () => {
    const v = await submit();
    ok(await cloud.call('cases', 'claim', { caseId: v.id }, DEMO.g2[2]));
    ok(await cloud.call('cases', 'resolve', { caseId: v.id, note: '修好了' }, DEMO.g2[2]));
    expect(ok(await cloud.call<CaseView>('cases', 'reopen', { caseId: v.id, reason: '还在漏' }, DEMO.li))).toMatchObject({
      status: 'claimed',
      holder: { name: '沈美华' },
    });
    ok(await cloud.call('cases', 'resolve', { caseId: v.id, note: '再修了一次' }, DEMO.g2[2]));
    expect(ok(await cloud.call<CaseView>('cases', 'reopen', { caseId: v.id, reason: '还是漏' }, DEMO.li))).toMatchObject({
      statusText: '已交给社区办公室',
      routing: { reason: '您又反映了一次，已交给社区办公室' },
      reopenCount: 2,
    });
    expect(await cloud.call('cases', 'reopen', { caseId: v.id, reason: 'x' }, DEMO.zhang)).toMatchObject({ ok: false, error: { code: 'CASE_NOT_FOUND' } });
  });

  it('the office recategorises; routing runs again', async () => {
    const v = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, categoryId: 'unsure' }, DEMO.li));
    expect(await cloud.call('office', 'recategorise', { caseId: v.id, categoryId: 'repair', note: 'x' }, DEMO.wang)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const r = ok(await cloud.call<CaseView>('office', 'recategorise', { caseId: v.id, categoryId: 'certificate', note: '是要开证明' }, DEMO.office));
    expect(r).toMatchObject({ categoryId: 'certificate', routing: { rule: 'office-only' } });
    expect(r.timeline.map((t) => t.kind)).toEqual(['submitted', 'routed', 'recategorised', 'routed']);
    // A certificate is the office's: the duty group no longer sees it.
    expect(await cloud.call('cases', 'get', { caseId: v.id }, DEMO.wang)).toMatchObject({ ok: false, error: { code: 'CASE_NOT_FOUND' } });
  });
});
