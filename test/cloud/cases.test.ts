/**
 * Every cloud function exercised through the local cloud's HTTP endpoint: the bundled functions, the local
 * wx-server-sdk, the embedded store and the platform emulator — no mocks.
 */
import type { CaseSummary, CaseView, DutyView, MeView } from '../../types/domain';
import { DEMO, DUTY_HOUR, cloudForFile, ok } from '../support/local-cloud';

const cloud = cloudForFile({ now: DUTY_HOUR });
const TMPL = 'LOCAL_TMPL_CASE_RESOLVED';
const pipe = {
  categoryId: 'repair',
  description: '水管爆裂，一直在漏水',
  place: { compoundId: 'hongqiao', building: '2幢', unit: '1单元302' },
};

async function submitAs(openid: string, payload: Record<string, unknown> = pipe) {
  return ok(await cloud.call<CaseView>('cases', 'submit', payload, openid));
}

async function caseCount(openid: string) {
  return ok(await cloud.call<{ cases: CaseSummary[] }>('cases', 'listMine', {}, openid)).cases.length;
}

describe('session.me', () => {
  it('knows a seeded resident, with categories, compounds and the template to ask for', async () => {
    const me = ok(await cloud.call<MeView>('session', 'me', {}, DEMO.zhang));
    expect(me).toMatchObject({
      role: 'resident',
      name: '张阿姨',
      lastPlace: { compoundId: 'hongqiao' },
      // The 回访 that follows 办结 is asked for at the same tap.
      subscribeTemplateIds: [TMPL, 'LOCAL_TMPL_CASE_PROGRESS', 'LOCAL_TMPL_FOLLOW_UP'],
      officePhone: '0573-85010001',
    });
    expect(me.categories.map((c) => c.name)).toEqual(['水电维修', '政策咨询', '邻里纠纷', '环境卫生', '关爱老人', '开具证明', '安全隐患', '不确定']);
    expect(me.compounds.map((c) => c.name)).toEqual(expect.arrayContaining(['南河头小区', '虹桥佳苑', '湖滨花园']));
  });
  it('knows a duty member and their group', async () => {
    expect(ok(await cloud.call<MeView>('session', 'me', {}, DEMO.wang))).toMatchObject({ role: 'member', name: '王思瑛', groupName: '第二组' });
  });
  it('treats a first-time WeChat user as a resident', async () => {
    expect(ok(await cloud.call<MeView>('session', 'me', {}, 'o-brand-new-user'))).toMatchObject({ role: 'resident', name: '' });
  });
  it('refuses a call without WeChat identity', async () => {
    expect(await cloud.call('session', 'me', {}, '')).toEqual({ ok: false, error: { code: 'NOT_SIGNED_IN', message: expect.stringContaining('微信') } });
  });
});

describe('bad input changes nothing and says why in Chinese', () => {
  const cases: Array<[string, unknown, string]> = [
    ['no payload', undefined, 'INVALID_INPUT'],
    ['description too short', { ...pipe, description: '漏水' }, 'INVALID_INPUT'],
    ['description not text', { ...pipe, description: 42 }, 'INVALID_INPUT'],
    ['no place', { categoryId: 'repair', description: '水管爆裂一直漏水' }, 'INVALID_INPUT'],
    ['bad phone', { ...pipe, contactPhone: '12ab' }, 'INVALID_INPUT'],
    ['extra field (e.g. a forged identity)', { ...pipe, openid: DEMO.li }, 'INVALID_INPUT'],
    ['bad subscription answer', { ...pipe, subscriptions: { [TMPL]: 'yes' } }, 'INVALID_INPUT'],
    ['unknown category', { ...pipe, categoryId: 'nope' }, 'UNKNOWN_CATEGORY'],
    ['unknown compound', { ...pipe, place: { ...pipe.place, compoundId: 'nope' } }, 'UNKNOWN_COMPOUND'],
  ];
  it.each(cases)('%s → %s', async (_name, payload, code) => {
    const before = await caseCount(DEMO.li);
    const res = await cloud.call('cases', 'submit', payload, DEMO.li);
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.code).toBe(code);
    expect(res.error.message).toMatch(/[\u4e00-\u9fa5]/);
    expect(await caseCount(DEMO.li)).toBe(before);
  });

  it('answers an unknown action with an explicit error', async () => {
    expect(await cloud.call('cases', 'deleteEverything', {}, DEMO.zhang)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
    expect((await cloud.raw('cases', { payload: {} }, DEMO.zhang)).body).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ACTION' } });
  });

  it('answers an unknown function like WeChat does (-501000)', async () => {
    expect(await cloud.raw('nope', { action: 'x' }, DEMO.zhang)).toMatchObject({ status: 500, body: { errCode: -501000 } });
  });

  it('rejects a resolve without a note', async () => {
    const v = await submitAs(DEMO.li);
    ok(await cloud.call('cases', 'claim', { caseId: v.id }, DEMO.lu));
    expect(await cloud.call('cases', 'resolve', { caseId: v.id, note: '  ' }, DEMO.lu)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.li)).status).toBe('claimed');
  });
});

describe('a report, claimed and resolved', () => {
  it('routes to group 2 on duty, shows in its pool, is claimed, resolved, and the resident messaged once', async () => {
    const answer = await cloud.post<Record<string, string>>('/__wx/requestSubscribeMessage', { result: { [TMPL]: 'accept' } }, DEMO.zhang);
    expect(answer[TMPL]).toBe('accept');
    const v = await submitAs(DEMO.zhang, { ...pipe, subscriptions: { [TMPL]: 'accept' } });
    // The resident reads plain words (types/words.ts); the duty board says 等待认领 — 认领 is the members' own button.
    expect(v).toMatchObject({ status: 'pending', statusText: '等工作室的书记接手', holderText: '第二组值班成员', audience: 'resident' });
    expect(v.routing).toMatchObject({ target: 'studio', rule: 'on-duty', groupName: '第二组', reason: '由第二组值班成员处理：王思瑛等' });
    expect(v.expectation?.text).toMatch(/^预计11月26日 10:30前有书记接手$/);
    const listed = async () => ok(await cloud.call<{ cases: CaseSummary[] }>('cases', 'listMine', {}, DEMO.zhang)).cases.find((c) => c.id === v.id);
    expect(await listed()).toMatchObject({ statusText: '等工作室的书记接手', audience: 'resident' });

    const board = ok(await cloud.call<{ duty: DutyView; pool: CaseSummary[] }>('cases', 'dutyBoard', {}, DEMO.wang));
    expect(board.duty).toMatchObject({ groupName: '第二组', hours: '08:30–17:30' });
    expect(board.duty.members.map((m) => m.name)).toEqual(['王思瑛', '陆建国', '沈美华', '朱永康']);
    const row = board.pool.find((c) => c.id === v.id);
    expect(row).toMatchObject({ preferred: true, placeText: '虹桥佳苑 2幢 1单元302', statusText: '等待认领', audience: 'staff' });

    const claimed = ok(await cloud.call<CaseView>('cases', 'claim', { caseId: v.id }, DEMO.wang));
    expect(claimed).toMatchObject({ status: 'claimed', holder: { name: '王思瑛' }, can: { resolve: true }, statusText: '处理中' });
    expect(await listed()).toMatchObject({ statusText: '书记正在办' });
    const done = ok(await cloud.call<CaseView>('cases', 'resolve', { caseId: v.id, note: '已联系物业更换了总阀，不漏了' }, DEMO.wang));
    expect(done).toMatchObject({ status: 'resolved', statusText: '已办结' });

    const seen = ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.zhang));
    expect(seen.statusText).toBe('已经办好了');
    expect(seen.timeline.map((t) => t.kind)).toEqual(['submitted', 'routed', 'claimed', 'resolved']);
    expect(seen.timeline.slice(2).map((t) => t.text)).toEqual(['王思瑛接手了这件事', '王思瑛办好了：已联系物业更换了总阀，不漏了']);
    expect(await listed()).toMatchObject({ statusText: '已经办好了' });

    const { messages } = await cloud.get<{ messages: Array<{ touser: string; data: Record<string, { value: string }> }> }>(`/__wx/outbox?touser=${DEMO.zhang}`);
    expect(messages).toHaveLength(1);
    expect(messages[0].data.phrase3.value).toBe('已经办好了');
    expect(messages[0].data.character_string1.value).toBe(v.code);
    expect(await cloud.get(`/__wx/credits?openid=${DEMO.zhang}&tmplId=${TMPL}`)).toEqual({ credits: 0 });
  });

  it('sends nothing when the resident did not accept the subscription', async () => {
    const v = await submitAs(DEMO.li, { ...pipe, subscriptions: { [TMPL]: 'reject' } });
    ok(await cloud.call('cases', 'claim', { caseId: v.id }, DEMO.lu));
    ok(await cloud.call('cases', 'resolve', { caseId: v.id, note: '处理好了' }, DEMO.lu));
    const { messages } = await cloud.get<{ messages: unknown[] }>(`/__wx/outbox?touser=${DEMO.li}`);
    expect(messages).toHaveLength(0);
  });

  it('resolves anyway when WeChat answers 43101 (our ledger thought there was credit, the platform had none)', async () => {
    // The payload claims an accept that never reached WeChat, so the platform holds no credit.
    const v = await submitAs('o-resident-no-credit', { ...pipe, subscriptions: { [TMPL]: 'accept' } });
    ok(await cloud.call('cases', 'claim', { caseId: v.id }, DEMO.lu));
    const done = ok(await cloud.call<CaseView>('cases', 'resolve', { caseId: v.id, note: '处理好了' }, DEMO.lu));
    expect(done.status).toBe('resolved');
    const { messages } = await cloud.get<{ messages: unknown[] }>('/__wx/outbox?touser=o-resident-no-credit');
    expect(messages).toHaveLength(0);
  });

  it('keeps another resident out of the case and masks the phone for members not holding it', async () => {
    const v = await submitAs(DEMO.zhang);
    expect(await cloud.call('cases', 'get', { caseId: v.id }, DEMO.li)).toMatchObject({ ok: false, error: { code: 'CASE_NOT_FOUND' } });
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.lu)).contactPhone).toBe('138****5678');
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.zhang)).contactPhone).toBe('13812345678');
  });

  it('lets only group 2 claim; other groups and residents are refused', async () => {
    const v = await submitAs(DEMO.zhang);
    // 程璇's group is off duty: she may look at what waits in the studio's pool, not take it.
    expect(await cloud.call('cases', 'claim', { caseId: v.id }, DEMO.cheng)).toMatchObject({ ok: false, error: { code: 'NOT_ON_DUTY' } });
    expect(await cloud.call('cases', 'claim', { caseId: v.id }, DEMO.li)).toMatchObject({ ok: false, error: { code: 'CASE_NOT_FOUND' } });
    expect(await cloud.call('cases', 'claim', { caseId: v.id }, DEMO.zhang)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await cloud.call('cases', 'dutyBoard', {}, DEMO.li)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('sends certificates to the office', async () => {
    const v = await submitAs(DEMO.zhang, { ...pipe, categoryId: 'certificate' });
    expect(v).toMatchObject({ statusText: '已交给社区办公室', holderText: '社区办公室', routing: { reason: '证明需社区出具，已交给社区办公室' } });
    const asOffice = ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.office));
    expect(asOffice).toMatchObject({ statusText: '已上报社区', routing: { reason: '已上报社区：证明需社区出具' } });
    // Permission before state: an office case is not the studio's to see, so it is not found.
    expect(await cloud.call('cases', 'claim', { caseId: v.id }, DEMO.wang)).toMatchObject({ ok: false, error: { code: 'CASE_NOT_FOUND' } });
  });
});

describe('the claim race', () => {
  it('50 parallel claims of one case: exactly 1 succeeds, 49 are told it is already claimed', async () => {
    const v = await submitAs(DEMO.zhang);
    const claimers = Array.from({ length: 50 }, (_, i) => DEMO.g2[i % DEMO.g2.length]);
    const started = Date.now();
    const results = await Promise.all(claimers.map((m) => cloud.call<CaseView>('cases', 'claim', { caseId: v.id }, m)));
    const elapsed = Date.now() - started;
    const wins = results.filter((r) => r.ok);
    const losses = results.filter((r) => !r.ok);
    expect(wins).toHaveLength(1);
    expect(losses).toHaveLength(49);
    for (const l of losses) {
      if (l.ok) continue;
      expect(l.error.code).toBe('CASE_ALREADY_CLAIMED');
      expect(l.error.message).toContain('已经由');
    }
    const after = ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.zhang));
    const winner = wins[0].ok ? wins[0].data : null;
    expect(after.status).toBe('claimed');
    expect(after.holder).toEqual(winner?.holder);
    expect(after.timeline.filter((t) => t.kind === 'claimed')).toHaveLength(1);
    console.log(`claim race: 50 parallel claims → ${wins.length} success, ${losses.length} CASE_ALREADY_CLAIMED, ${elapsed} ms`);
  });
});

describe('durability', () => {
  it('keeps every acknowledged case across a restart of the local cloud', async () => {
    const v = await submitAs(DEMO.li);
    const count = await caseCount(DEMO.li);
    await cloud.restart();
    expect(cloud.output()).not.toContain('已写入演示数据');
    expect(await caseCount(DEMO.li)).toBe(count);
    expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: v.id }, DEMO.li)).id).toBe(v.id);
  });
});
