import { claimCase, dutyBoard, getCase, listMyCases, resolveCase, submitCase, whoAmI, whoIs } from '../../cloudfunctions/core/usecases';
import { DomainError } from '../../cloudfunctions/core/errors';
import { aMember, aPerson, bj, fakeDeps } from '../fakes';

const resident = aPerson({ id: 'r1', name: '张阿姨', phone: '13812345678' });
const other = aPerson({ id: 'r2', name: '李大伯' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const cheng = aMember('m-cheng', 'g1', '程璇');
const office = aPerson({ id: 'o1', role: 'office', name: '吴霞' });
const people = [resident, other, wang, lu, cheng, office];

const pipe = {
  categoryId: 'repair',
  description: '水管爆裂一直漏水',
  place: { compoundId: 'hongqiao', building: '2幢', unit: '302' },
  subscriptions: { TMPL_RESOLVED: 'accept' as const },
};

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'NO_ERROR',
    (e: DomainError) => e.code,
  );

describe('a resident report travels end to end (in-memory ports)', () => {
  it('routes to the duty pool, is claimed once, resolved, and the resident notified once', async () => {
    const deps = fakeDeps({ now: bj('2026-11-26 10:00'), people });
    const v = await submitCase(deps, resident, pipe);
    expect(v).toMatchObject({ status: 'pending', statusText: '等工作室的书记接手', holderText: '第二组值班成员', contactPhone: '13812345678' });
    expect(v.routing.reason).toBe('由第二组值班成员处理：王思瑛等');
    expect(resident.lastPlace).toEqual(pipe.place);

    const board = await dutyBoard(deps, lu);
    expect(board.duty).toMatchObject({ groupId: 'g2', groupName: '第二组', hours: '08:30–17:30' });
    expect(board.pool.map((c) => c.id)).toEqual([v.id]);

    const asLu = await getCase(deps, lu, v.id);
    expect(asLu.can).toMatchObject({ claim: true, resolve: false, escalate: true, reopen: false });
    expect(asLu.contactPhone).toBe('138****5678');

    const claimed = await claimCase(deps, wang, v.id);
    expect(claimed).toMatchObject({ status: 'claimed', holderText: '王思瑛', can: { claim: false, resolve: true }, contactPhone: '13812345678' });
    expect(await codeOf(claimCase(deps, lu, v.id))).toBe('CASE_ALREADY_CLAIMED');
    expect((await dutyBoard(deps, wang)).mine.map((c) => c.id)).toEqual([v.id]);

    const done = await resolveCase(deps, wang, v.id, '已请物业换了阀门');
    expect(done).toMatchObject({ status: 'resolved', statusText: '已办结', resolution: { note: '已请物业换了阀门' } });
    expect(deps.notifier.sent).toHaveLength(1);
    expect(deps.notifier.sent[0].touser).toBe('r1');
    expect(deps.subscriptions.ledger.get('r1:TMPL_RESOLVED')).toBe(0);

    const mine = await listMyCases(deps, resident);
    expect(mine.cases.map((c) => c.statusText)).toEqual(['已经办好了']); // 「我反映的」 in the resident's words
    expect((await getCase(deps, resident, v.id)).timeline.map((t) => t.kind)).toEqual(['submitted', 'routed', 'claimed', 'resolved']);
  });

  it('does not send without a credit, and logs that it skipped', async () => {
    const deps = fakeDeps({ now: bj('2026-11-26 10:00'), people });
    const v = await submitCase(deps, resident, { ...pipe, subscriptions: { TMPL_RESOLVED: 'reject' } });
    await claimCase(deps, wang, v.id);
    await resolveCase(deps, wang, v.id, '好了');
    expect(deps.notifier.sent.filter((m) => m.templateId === 'TMPL_RESOLVED')).toHaveLength(0);
    const resolved = deps.messages.all.filter((m) => m.touser === 'r1' && m.title.includes('办好了'));
    expect(resolved.map((m) => m.delivery.status)).toEqual(['no-credit']);
  });

  it('believes WeChat when it answers 43101 and still resolves the case', async () => {
    const deps = fakeDeps({ now: bj('2026-11-26 10:00'), people });
    deps.notifier.next = { ok: false, errCode: 43101, errMsg: 'user refuse to accept the msg' };
    const v = await submitCase(deps, resident, { ...pipe, subscriptions: { TMPL_RESOLVED: 'accept' } });
    await deps.subscriptions.record('r1', { TMPL_RESOLVED: 'accept' });
    await claimCase(deps, wang, v.id);
    const done = await resolveCase(deps, wang, v.id, '好了');
    expect(done.status).toBe('resolved');
    expect(deps.subscriptions.ledger.get('r1:TMPL_RESOLVED')).toBe(0);
  });

  it('keeps the case resolved when the notifier throws', async () => {
    const deps = fakeDeps({ now: bj('2026-11-26 10:00'), people });
    deps.notifier.send = async () => {
      throw new Error('network down');
    };
    const v = await submitCase(deps, resident, pipe);
    await claimCase(deps, wang, v.id);
    expect((await resolveCase(deps, wang, v.id, '好了')).status).toBe('resolved');
    expect((await deps.cases.ofId(v.id))?.status).toBe('resolved');
  });

  it('lets only members of the pool group claim, and only the holder resolve', async () => {
    const deps = fakeDeps({ now: bj('2026-11-26 10:00'), people });
    const v = await submitCase(deps, resident, pipe);
    expect(await codeOf(claimCase(deps, resident, v.id))).toBe('FORBIDDEN');
    expect(await codeOf(claimCase(deps, cheng, v.id))).toBe('NOT_ON_DUTY'); // another group may look at what waits, not take it
    expect(await codeOf(claimCase(deps, wang, 'nope'))).toBe('CASE_NOT_FOUND');
    await claimCase(deps, wang, v.id);
    expect(await codeOf(resolveCase(deps, lu, v.id, '好了'))).toBe('FORBIDDEN');
    expect(await codeOf(dutyBoard(deps, resident))).toBe('FORBIDDEN');
  });

  it('hides a case from another resident as if it did not exist', async () => {
    const deps = fakeDeps({ now: bj('2026-11-26 10:00'), people });
    const v = await submitCase(deps, resident, pipe);
    expect(await codeOf(getCase(deps, other, v.id))).toBe('CASE_NOT_FOUND');
    expect((await getCase(deps, cheng, v.id)).can.claim).toBe(false); // members off duty see what waits, cannot take it
    expect((await getCase(deps, office, v.id)).id).toBe(v.id);
    // Claimed by 王思瑛: to another resident (or an uninvolved member) it is still not found — no holder's name leaks.
    await claimCase(deps, wang, v.id);
    expect(await codeOf(claimCase(deps, other, v.id))).toBe('CASE_NOT_FOUND');
    expect(await codeOf(claimCase(deps, cheng, v.id))).toBe('CASE_NOT_FOUND');
    expect(await codeOf(claimCase(deps, other, 'no-such-case'))).toBe('CASE_NOT_FOUND');
  });

  it('sends certificates to the office, where members cannot claim them', async () => {
    const deps = fakeDeps({ now: bj('2026-11-26 10:00'), people });
    const v = await submitCase(deps, resident, { ...pipe, categoryId: 'certificate' });
    expect(v).toMatchObject({ statusText: '已交给社区办公室', holderText: '社区办公室' });
    expect(v.routing.reason).toBe('证明需社区出具，已交给社区办公室');
    expect(await codeOf(claimCase(deps, wang, v.id))).toBe('CASE_NOT_FOUND'); // permission before state: not theirs to see
  });

  it('rejects unknown categories and compounds, storing nothing', async () => {
    const deps = fakeDeps({ now: bj('2026-11-26 10:00'), people });
    expect(await codeOf(submitCase(deps, resident, { ...pipe, categoryId: 'x' }))).toBe('UNKNOWN_CATEGORY');
    expect(await codeOf(submitCase(deps, resident, { ...pipe, place: { ...pipe.place, compoundId: 'x' } }))).toBe('UNKNOWN_COMPOUND');
    expect(deps.cases.byId.size).toBe(0);
  });

  it('treats a first-time visitor as a resident and refuses calls without identity', async () => {
    const deps = fakeDeps({ now: bj('2026-11-26 10:00'), people });
    const stranger = await whoIs(deps, 'new-openid');
    expect(stranger?.role).toBe('resident');
    expect(await whoIs(deps, null)).toBeNull();
    expect(await codeOf(whoAmI(deps, null))).toBe('NOT_SIGNED_IN');
    const me = await whoAmI(deps, wang);
    expect(me).toMatchObject({ role: 'member', groupName: '第二组', subscribeTemplateIds: ['TMPL_RESOLVED', 'TMPL_PROGRESS'] });
    expect(me.categories.map((c) => c.name)).toContain('不确定');
  });
});
