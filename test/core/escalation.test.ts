/** Escalation, reopen, office return/recategorise and the SLA sweep, as use cases over in-memory ports. */
import type { DomainError } from '../../cloudfunctions/core/errors';
import {
  claimCase,
  escalateCase,
  getCase,
  recategoriseCase,
  reopenCase,
  resolveCase,
  returnCaseToStudio,
  submitCase,
  sweepOverdue,
} from '../../cloudfunctions/core/usecases';
import { aCommunity, aMember, aPerson, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const cheng = aMember('m-cheng', 'g1', '程璇');
const gu = aMember('m-gu', 'g3', '顾秀兰');
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const people = [zhang, wang, lu, cheng, gu, wu];
const pipe = { categoryId: 'repair', description: '水管爆裂一直漏水', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'NO_ERROR',
    (e: DomainError) => e.code,
  );

function setup(at = '2026-11-26 10:00') {
  return fakeDeps({ now: bj(at), people });
}

describe('manual escalation', () => {
  it('a pool member sends a case up with a reason; the resident sees who and why', async () => {
    const deps = setup();
    const v = await submitCase(deps, zhang, pipe);
    const up = await escalateCase(deps, lu, v.id, '需要物业和社区一起协调');
    expect(up).toMatchObject({
      statusText: '已上报社区',
      holderText: '社区办公室',
      routing: { rule: 'escalated', reason: '已上报社区：需要物业和社区一起协调' },
    });
    // The resident reads the same in plain words (types/words.ts).
    const seen = await getCase(deps, zhang, v.id);
    expect(seen).toMatchObject({ statusText: '已交给社区办公室', routing: { reason: '陆建国交给社区办公室来办：需要物业和社区一起协调' } });
    expect(seen.timeline.at(-1)).toMatchObject({
      kind: 'escalated',
      trigger: 'manual',
      by: { name: '陆建国' },
      text: '陆建国交给社区办公室来办：需要物业和社区一起协调',
    });
    expect(seen.expectation?.text).toBe('社区办公室预计11月26日 10:30前处理');
    // The member who escalated can still follow it.
    expect((await getCase(deps, lu, v.id)).id).toBe(v.id);
  });

  it('the holder may escalate; other groups and residents may not', async () => {
    const deps = setup();
    const v = await submitCase(deps, zhang, pipe);
    expect(await codeOf(escalateCase(deps, cheng, v.id, 'x'))).toBe('FORBIDDEN'); // off duty: may look, not act
    expect(await codeOf(escalateCase(deps, zhang, v.id, 'x'))).toBe('FORBIDDEN');
    await claimCase(deps, wang, v.id);
    expect(await codeOf(escalateCase(deps, lu, v.id, 'x'))).toBe('FORBIDDEN');
    expect((await escalateCase(deps, wang, v.id, '管道在公共部分')).status).toBe('pending');
  });
});

describe('reopen', () => {
  it('first back to the holder, then up to the office', async () => {
    const deps = setup();
    const v = await submitCase(deps, zhang, pipe);
    await claimCase(deps, wang, v.id);
    await resolveCase(deps, wang, v.id, '换了阀门');
    const back = await reopenCase(deps, zhang, v.id, '还在滴水');
    expect(back).toMatchObject({ status: 'claimed', holder: { name: '王思瑛' }, reopenCount: 1 });
    expect(back.expectation?.kind).toBe('resolve');
    await resolveCase(deps, wang, v.id, '又换了一次');
    const up = await reopenCase(deps, zhang, v.id, '还是滴水');
    expect(up).toMatchObject({ status: 'pending', holderText: '社区办公室', reopenCount: 2 });
    expect(up.timeline.slice(-2).map((t) => [t.kind, t.trigger])).toEqual([
      ['reopened', 'reopen'],
      ['escalated', 'reopen'],
    ]);
  });
});

describe('the office', () => {
  it('returns a case to the studio pool with a note, and the group on duty can claim it', async () => {
    const deps = setup();
    const v = await submitCase(deps, zhang, pipe);
    await escalateCase(deps, lu, v.id, '不确定能不能修');
    expect(await codeOf(returnCaseToStudio(deps, lu, v.id, 'x'))).toBe('FORBIDDEN');
    const back = await returnCaseToStudio(deps, wu, v.id, '工作室可以处理，请联系物业');
    expect(back).toMatchObject({ statusText: '等待认领', routing: { rule: 'office-return', groupName: '第二组' } }); // the office's words
    expect(back.routing.reason).toContain('社区退回工作室：工作室可以处理，请联系物业');
    expect((await claimCase(deps, wang, v.id)).status).toBe('claimed');
  });

  it('recategorises: routing runs again, history kept', async () => {
    const deps = setup();
    const v = await submitCase(deps, zhang, { ...pipe, categoryId: 'unsure' });
    const r = await recategoriseCase(deps, wu, v.id, 'certificate', '其实是要开居住证明');
    expect(r).toMatchObject({ categoryName: '开具证明', routing: { rule: 'office-only' }, statusText: '已上报社区' });
    expect(r.timeline.map((t) => t.kind)).toEqual(['submitted', 'routed', 'recategorised', 'routed']);
    expect(await codeOf(recategoriseCase(deps, wu, v.id, 'nope', 'x'))).toBe('UNKNOWN_CATEGORY');
  });
});

describe('the SLA sweep', () => {
  it('escalates a pool case nobody claimed within 30 duty minutes — once', async () => {
    const deps = setup('2026-11-26 17:15');
    const v = await submitCase(deps, zhang, pipe); // 15 duty minutes today, 15 tomorrow: due 11-27 08:45
    expect(v.expectation?.text).toBe('预计11月27日 08:45前有书记接手'); // the resident's words
    deps.clock.set(bj('2026-11-27 08:44'));
    // 交接班: the next morning's group takes it over first; the deadline (counted in duty time) stays.
    expect(await sweepOverdue(deps)).toEqual({ handedOver: 1, handedToOffice: 0, claimEscalated: 0, resolveEscalated: 0, skipped: 0 });
    deps.clock.set(bj('2026-11-27 08:45'));
    expect(await sweepOverdue(deps)).toEqual({ handedOver: 0, handedToOffice: 0, claimEscalated: 1, resolveEscalated: 0, skipped: 0 });
    expect(await sweepOverdue(deps)).toEqual({ handedOver: 0, handedToOffice: 0, claimEscalated: 0, resolveEscalated: 0, skipped: 0 });
    const c = await getCase(deps, wu, v.id);
    expect(c.timeline.at(-1)).toMatchObject({
      kind: 'escalated',
      trigger: 'claim-sla',
      by: null,
      text: '系统超时无人认领，自动上报社区：30分钟值班时间内无人认领',
    });
    // The resident: why, without 超时 or 认领.
    const seen = await getCase(deps, zhang, v.id);
    expect(seen.timeline.at(-1)).toMatchObject({ kind: 'escalated', trigger: 'claim-sla', text: '值班的书记没能及时接手，已交给社区办公室' });
    expect(seen.routing.reason).toBe('值班的书记没能及时接手，已交给社区办公室');
    expect(deps.messages.all.filter((m) => m.touser === zhang.id).at(-1)).toMatchObject({
      title: '您反映的事已交给社区办公室',
      text: '「水电维修」值班的书记没能及时接手，已交给社区办公室',
    });
  });

  it('escalates a claimed case not resolved within its SLA', async () => {
    const deps = setup('2026-11-26 10:00');
    const v = await submitCase(deps, zhang, pipe);
    await claimCase(deps, wang, v.id); // repair: 240 duty minutes → 14:00
    deps.clock.set(bj('2026-11-26 14:00'));
    expect(await sweepOverdue(deps)).toEqual({ handedOver: 0, handedToOffice: 0, claimEscalated: 0, resolveEscalated: 1, skipped: 0 });
    expect((await getCase(deps, zhang, v.id)).timeline.at(-1)).toMatchObject({ trigger: 'resolve-sla' });
  });

  it('never overrides a claim that won a moment earlier', async () => {
    const deps = setup('2026-11-26 10:00');
    const v = await submitCase(deps, zhang, pipe);
    deps.clock.set(bj('2026-11-26 10:31'));
    // The sweep reads the due case, then a member claims it before the sweep writes.
    const read = deps.cases.dueForClaim.bind(deps.cases);
    deps.cases.dueForClaim = async (now, limit) => {
      const due = await read(now, limit);
      if (due.length > 0) await claimCase(deps, wang, v.id);
      return due;
    };
    expect(await sweepOverdue(deps)).toEqual({ handedOver: 0, handedToOffice: 0, claimEscalated: 0, resolveEscalated: 0, skipped: 1 });
    expect((await getCase(deps, zhang, v.id)).status).toBe('claimed');
  });

  it('refuses to run on a broken configuration, listing every problem', async () => {
    const community = aCommunity();
    const deps = fakeDeps({
      now: bj('2026-11-26 10:00'),
      people,
      community: { ...community, rota: { ...community.rota, order: ['g9'], hours: { start: '9', end: '17:30' } } },
    });
    const err = await sweepOverdue(deps).catch((e: DomainError) => e);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((err as Error).message).toContain('轮值顺序里的组「g9」不存在');
    expect((err as Error).message).toContain('值班时间「9–17:30」格式不对');
  });
});
