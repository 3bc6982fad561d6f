/** Admin through the local cloud: invite codes (expired, reused, wrong role, raced), revocation, configuration, audit. */
import type { CaseView, CommunityConfigView, InviteView, MeView, PersonAdminView } from '../../types/domain';
import { whoIs } from '../../cloudfunctions/core/usecases';
import { adminOverview, auditLog, redeemInvite, saveConfigSection } from '../../cloudfunctions/core/usecases/admin';
import { schemas } from '../../cloudfunctions/runtime/schemas';
import { DEMO, DUTY_HOUR, cloudForFile, codeOf, ok } from '../support/local-cloud';
import { localDeps } from '../support/local-db';

const cloud = cloudForFile({ now: DUTY_HOUR, timers: false });
const invite = async (role: string, groupId?: string, days = 3) =>
  ok(await cloud.call<InviteView>('admin', 'createInvite', { role, groupId, days }, DEMO.admin));

describe('invite codes', () => {
  it('a stranger becomes a group-2 member with a code, and can then claim', async () => {
    const inv = await invite('member', 'g2');
    const me = ok(await cloud.call<MeView>('session', 'redeemInvite', { code: inv.code, name: '钱阿姨', phone: '13900001111' }, 'o-new-volunteer'));
    expect(me).toMatchObject({ role: 'member', groupName: '第二组', name: '钱阿姨' });
    const c = ok(
      await cloud.call<CaseView>(
        'cases',
        'submit',
        { categoryId: 'repair', description: '楼道灯坏了好几天', place: { compoundId: 'hubin', building: '', unit: '' } },
        DEMO.li,
      ),
    );
    expect(ok(await cloud.call<CaseView>('cases', 'claim', { caseId: c.id }, 'o-new-volunteer')).holder?.name).toBe('钱阿姨');
  });

  it('refuses a reused, an expired and a voided code, and a code that would cost an admin their role', async () => {
    const used = await invite('office');
    ok(await cloud.call('session', 'redeemInvite', { code: used.code, name: '赵', phone: '' }, 'o-office-new'));
    expect(codeOf(await cloud.call('session', 'redeemInvite', { code: used.code, name: '孙', phone: '' }, 'o-someone'))).toBe('INVITE_USED');
    const short = await invite('member', 'g1', 1);
    await cloud.post('/__dev/clock', { advanceMinutes: 24 * 60 + 1 });
    expect(codeOf(await cloud.call('session', 'redeemInvite', { code: short.code, name: '孙', phone: '' }, 'o-someone'))).toBe('INVITE_EXPIRED');
    await cloud.post('/__dev/clock', { set: DUTY_HOUR });
    const voided = await invite('member', 'g1');
    expect(ok(await cloud.call<InviteView>('admin', 'voidInvite', { code: voided.code }, DEMO.admin)).stateText).toBe('已作废');
    expect(codeOf(await cloud.call('session', 'redeemInvite', { code: voided.code, name: '孙', phone: '' }, 'o-someone'))).toBe('INVITE_EXPIRED');
    const member = await invite('member', 'g1');
    expect(codeOf(await cloud.call('session', 'redeemInvite', { code: member.code, name: '信息员', phone: '' }, DEMO.admin))).toBe('INVITE_WRONG_ROLE');
    expect(codeOf(await cloud.call('admin', 'createInvite', { role: 'resident', days: 3 }, DEMO.admin))).toBe('INVALID_INPUT');
    expect(codeOf(await cloud.call('admin', 'createInvite', { role: 'member', groupId: 'g1', days: 3 }, DEMO.office))).toBe('FORBIDDEN');
  });

  it('10 people entering one code at once: exactly one gets the role', async () => {
    const inv = await invite('member', 'g3');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => cloud.call('session', 'redeemInvite', { code: inv.code, name: `志愿者${i}`, phone: '' }, `o-racer-${i}`)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) expect(codeOf(r)).toBe('INVITE_USED');
  });
});

describe('invite codes of 6 digits (issue 12)', () => {
  it('a new code is 6 digits; the newcomer may type it as 「483 920」 or in full-width digits', async () => {
    const inv = await invite('member', 'g2');
    expect(inv.code).toMatch(/^\d{6}$/);
    const spaced = `${inv.code.slice(0, 3)} ${inv.code.slice(3)}`;
    const me = ok(await cloud.call<MeView>('session', 'redeemInvite', { code: spaced, name: '陈奶奶', phone: '' }, 'o-six-digits'));
    expect(me).toMatchObject({ role: 'member', groupName: '第二组' });
    const inv2 = await invite('office');
    const fullWidth = Array.from(inv2.code, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('');
    expect(ok(await cloud.call<MeView>('session', 'redeemInvite', { code: fullWidth, name: '孙', phone: '' }, 'o-full-width')).role).toBe('office');
    const wrong = await cloud.call('session', 'redeemInvite', { code: '48392', name: '孙', phone: '' }, 'o-someone');
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('6位数字') } });
  });

  it('an older 8-character code still works until it expires (real adapters on the local database)', async () => {
    const { deps } = await localDeps(DUTY_HOUR);
    const expiresAt = new Date(new Date(DUTY_HOUR).getTime() + 86_400_000);
    const old = {
      code: 'K7Q2M9XA',
      role: 'member' as const,
      groupId: 'g1',
      expiresAt,
      createdBy: { id: DEMO.admin, name: '社区信息员' },
      usedBy: null,
      usedAt: null,
      voided: false,
    };
    expect(await deps.invites.add(old)).toBe(true);
    // The code is the invite's id: a second code the same is refused (createInvite then draws another).
    expect(await deps.invites.add({ ...old, role: 'admin' })).toBe(false);
    const parsed = schemas.redeemInvite.parse({ code: 'k7q2-m9xa', name: '钱阿姨', phone: '' });
    expect(parsed.code).toBe('K7Q2M9XA');
    const me = await redeemInvite(deps, await whoIs(deps, 'o-old-code'), parsed.code, parsed.name, parsed.phone);
    expect(me).toMatchObject({ role: 'member', groupName: '第一组' });
  });
});

describe('revocation', () => {
  it('returns the member’s open cases to the pool', async () => {
    const inv = await invite('member', 'g2');
    ok(await cloud.call('session', 'redeemInvite', { code: inv.code, name: '周阿姨', phone: '' }, 'o-leaving'));
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const c = ok(
        await cloud.call<CaseView>(
          'cases',
          'submit',
          { categoryId: 'repair', description: `楼道灯坏了第${i}处`, place: { compoundId: 'hubin', building: '', unit: '' } },
          DEMO.li,
        ),
      );
      ok(await cloud.call('cases', 'claim', { caseId: c.id }, 'o-leaving'));
      ids.push(c.id);
    }
    const out = ok(
      await cloud.call<{ casesReturned: number; person: PersonAdminView }>('admin', 'revokeRole', { personId: 'o-leaving', reason: '搬去外地了' }, DEMO.admin),
    );
    expect(out).toMatchObject({ casesReturned: 2, person: { role: 'resident' } });
    for (const id of ids) expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: id }, DEMO.li)).status).toBe('pending');
    expect(codeOf(await cloud.call('cases', 'dutyBoard', {}, 'o-leaving'))).toBe('FORBIDDEN');
  });
});

describe('configuration', () => {
  it('lists every problem, changes nothing on error, audits a valid change', async () => {
    const { config } = ok(await cloud.call<{ config: CommunityConfigView }>('admin', 'overview', {}, DEMO.admin));
    const bad = await cloud.call(
      'admin',
      'saveConfig',
      { section: 'rota', value: { ...config.rota, order: ['g1', 'g7'], hours: { start: '9', end: '8' } } },
      DEMO.admin,
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message.split('；')).toEqual(['轮值顺序里的组「g7」不存在', '值班时间「9–8」格式不对（例如 08:30–17:30）']);
    expect(ok(await cloud.call<{ config: CommunityConfigView }>('admin', 'overview', {}, DEMO.admin)).config.rota).toEqual(config.rota);
    const saved = ok(
      await cloud.call<CommunityConfigView>('admin', 'saveConfig', { section: 'rota', value: { ...config.rota, closedDates: ['2026-12-25'] } }, DEMO.admin),
    );
    expect(saved.rota.closedDates).toEqual(['2026-12-25']);
    const audit = ok(await cloud.call<{ items: Array<{ action: string; by: { name: string } }> }>('admin', 'audit', {}, DEMO.admin));
    // (This test file moves the clock back and forth, so look the entry up rather than rely on its position.)
    expect(audit.items.find((e) => e.action === '修改配置：rota')).toMatchObject({ by: { name: '社区信息员' } });
    const preview = ok(await cloud.call<{ days: Array<{ date: string; groupName: string | null }> }>('admin', 'rotaPreview', { days: 28 }, DEMO.admin));
    expect(preview.days).toHaveLength(28);
  });
});

describe('hostile configuration saves (issue 9)', () => {
  type Audit = { items: Array<{ action: string; after: unknown }>; hasMore: boolean };
  const allAudit = async () => {
    const out: Audit['items'] = [];
    for (let page = 0; ; page++) {
      const res = ok(await cloud.call<Audit>('admin', 'audit', { page }, DEMO.admin));
      out.push(...res.items);
      if (!res.hasMore) return out;
    }
  };
  const overview = async () => ok(await cloud.call<{ config: CommunityConfigView }>('admin', 'overview', {}, DEMO.admin)).config;

  it('refuses every broken shape with INVALID_INPUT in Chinese; the configuration and the audit log stay as they were; everyone can still read', async () => {
    const config = await overview();
    const settings = { officePhone: config.officePhone, limits: config.limits };
    const broken: Array<[string, unknown]> = [
      ['templates', null],
      ['compounds', {}],
      ['compounds', 'x'],
      ['compounds', [null]],
      ['settings', null],
      ['settings', { ...settings, officePhone: 57385010001 }],
      ['settings', { ...settings, officePhone: ['0573'] }],
      ['settings', { ...settings, officePhone: { $gt: '' } }],
      ['settings', { ...settings, officePhone: null }],
      ['settings', { ...settings, limits: null }],
      ['groups', [...config.groups.slice(0, 3), { ...config.groups[3], $where: 'sleep(1000)' }]],
      ['templates', { ...config.templates, 'a.b': 'x' }],
      ['templates', { ...config.templates, caseResolved: { $ne: null } }],
      ['categories', [{ ...config.categories[0], sla: { claimMinutes: { $gt: 0 }, resolveMinutes: 60 } }, ...config.categories.slice(1)]],
      ['rota', { ...config.rota, 'hours.start': '00:00' }],
      ['compounds', [...config.compounds, { id: 'new.place', name: '新小区' }]],
    ];
    const auditBefore = await allAudit();
    for (const [section, value] of broken) {
      const res = await cloud.call('admin', 'saveConfig', { section, value }, DEMO.admin);
      expect({ section, value, code: codeOf(res as { ok: boolean; error?: { code: string } }) }).toEqual({ section, value, code: 'INVALID_INPUT' });
      if (!res.ok) expect(res.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(await overview()).toEqual(config);
    expect(await allAudit()).toEqual(auditBefore);
    expect(ok(await cloud.call<MeView>('session', 'me', {}, DEMO.zhang)).officePhone).toBe(config.officePhone);
    ok(await cloud.call('cases', 'listMine', {}, DEMO.zhang));
  });

  it('a good save is audited exactly once, with before and after', async () => {
    const config = await overview();
    const templates = { ...config.templates, dutyAlert: 'FUZZ_ALERT-2' };
    const saved = ok(await cloud.call<CommunityConfigView>('admin', 'saveConfig', { section: 'templates', value: templates }, DEMO.admin));
    expect(saved.templates).toEqual(templates);
    expect(saved).not.toHaveProperty('pendingAudit');
    expect((await overview()).templates).toEqual(templates);
    const entries = (await allAudit()).filter((e) => e.action === '修改配置：templates' && JSON.stringify(e.after) === JSON.stringify(templates));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ before: config.templates, after: templates });
    ok(await cloud.call('admin', 'saveConfig', { section: 'templates', value: config.templates }, DEMO.admin));
  });
});

describe('常用语 (issue 14, item 4)', () => {
  type Audit = { items: Array<{ action: string; after: unknown }>; hasMore: boolean };
  const auditCount = async () => {
    let n = 0;
    for (let page = 0; ; page++) {
      const res = ok(await cloud.call<Audit>('admin', 'audit', { page }, DEMO.admin));
      n += res.items.length;
      if (!res.hasMore) return n;
    }
  };
  const overview = async () => ok(await cloud.call<{ config: CommunityConfigView }>('admin', 'overview', {}, DEMO.admin)).config;

  it('refuses hostile lists with INVALID_INPUT in Chinese and changes nothing; a good save reaches a duty member’s MeView', async () => {
    const config = await overview();
    const auditBefore = await auditCount();
    const hostile: unknown[] = [
      null,
      'x',
      [],
      { note: '已上门查看' },
      { note: [{ $gt: '' }] },
      { $set: { note: ['x'] } },
      { 'note.0': 'x' },
      { note: ['一'.repeat(21)] },
      { note: Array.from({ length: 13 }, (_, i) => `第${i}句`) },
      { note: ['已上门\n查看'] },
      { note: [''] },
      { reject: ['x'] },
      JSON.parse('{"__proto__":{"note":["x"]}}'),
    ];
    for (const value of hostile) {
      const res = await cloud.call('admin', 'saveConfig', { section: 'quickReplies', value }, DEMO.admin);
      expect({ value, code: codeOf(res as { ok: boolean; error?: { code: string } }) }).toEqual({ value, code: 'INVALID_INPUT' });
      if (!res.ok) expect(res.error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const tooLong = await cloud.call('admin', 'saveConfig', { section: 'quickReplies', value: { note: ['一'.repeat(21)] } }, DEMO.admin);
    expect(tooLong).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: '常用语的写进展第1项最多20个字' } });
    expect(await overview()).toEqual(config);
    expect(await auditCount()).toBe(auditBefore);
    // Not the admin: refused.
    expect(codeOf(await cloud.call('admin', 'saveConfig', { section: 'quickReplies', value: {} }, DEMO.wang))).not.toBe('OK');
    expect((await overview()).quickReplies).toBeUndefined();

    // Before any is saved, a duty member gets the defaults; a resident gets none.
    expect(ok(await cloud.call<MeView>('session', 'me', {}, DEMO.wang)).quickReplies?.note).toContain('已上门查看');
    expect(ok(await cloud.call<MeView>('session', 'me', {}, DEMO.zhang)).quickReplies).toBeNull();
    const phrases = { note: ['已上门查看', '已联系物业'], resolve: ['已修好'], handOver: [], release: ['身体不舒服'], escalate: ['需要社区协调'] };
    expect(ok(await cloud.call<CommunityConfigView>('admin', 'saveConfig', { section: 'quickReplies', value: phrases }, DEMO.admin)).quickReplies).toEqual(
      phrases,
    );
    expect(await auditCount()).toBe(auditBefore + 1);
    // Another function sees the change within its configuration cache's minute.
    await cloud.post('/__dev/clock', { advanceMinutes: 2 });
    expect(ok(await cloud.call<MeView>('session', 'me', {}, DEMO.wang)).quickReplies).toEqual(phrases);
    // Saving another section keeps them.
    ok(await cloud.call('admin', 'saveConfig', { section: 'settings', value: { officePhone: config.officePhone, limits: config.limits } }, DEMO.admin));
    expect((await overview()).quickReplies).toEqual(phrases);
    await cloud.post('/__dev/clock', { set: DUTY_HOUR });
  });
});

describe('hostile events over HTTP (issue 9)', () => {
  it('answers every event shape with status 200 and a structured Chinese error', async () => {
    const events: unknown[] = [
      { action: { toString: 1 } },
      { action: 'toString' },
      { action: '__proto__' },
      { action: 'constructor', payload: {} },
      { action: ['me'] },
      null,
      [],
      ['me'],
      'me',
      42,
      JSON.parse('{"__proto__":{"action":"me"}}'),
      { action: 'me', payload: JSON.parse('{"__proto__":{"x":1}}') },
      { action: 'me', payload: { $where: '1' } },
      { action: 'me', payload: [] },
      { action: 'me', payload: 'x'.repeat(200_000) },
      { action: 'subscribe', payload: { subscriptions: { $where: 'accept' } } },
      { action: 'subscribe', payload: { subscriptions: { 'a.b': 'accept' } } },
    ];
    for (const event of events) {
      const res = await cloud.raw('session', JSON.stringify(event), DEMO.zhang);
      expect({ event, status: res.status }).toEqual({ event, status: 200 });
      const body = res.body as { ok: boolean; error?: { code: string; message: string } };
      expect(body.ok).toBe(false);
      expect(body.error?.code).toMatch(/^(UNKNOWN_ACTION|INVALID_INPUT)$/);
      expect(body.error?.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('subscription answers must be template ids (at most 5): nothing is stored otherwise', async () => {
    const base = { categoryId: 'repair', description: '楼道灯坏了好几天', place: { compoundId: 'hubin', building: '', unit: '' } };
    const before = ok(await cloud.call<{ cases: unknown[] }>('cases', 'listMine', {}, DEMO.zhang)).cases.length;
    const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`TMPL_${i}`, 'accept']));
    for (const subscriptions of [{ $where: 'accept' }, { 'a.b': 'accept' }, { 'x y': 'accept' }, six, { LOCAL_TMPL_CASE_RESOLVED: 'yes' }]) {
      const res = await cloud.call('cases', 'submit', { ...base, subscriptions }, DEMO.zhang);
      expect({ subscriptions, code: codeOf(res as { ok: boolean; error?: { code: string } }) }).toEqual({ subscriptions, code: 'INVALID_INPUT' });
    }
    expect(ok(await cloud.call<{ cases: unknown[] }>('cases', 'listMine', {}, DEMO.zhang)).cases.length).toBe(before);
  });
});

describe('the audit entry travels with the configuration change (real adapters on the local database)', () => {
  it('a leftover pending entry is logged once by the next admin read, and cleared only if it is still that entry', async () => {
    const { deps } = await localDeps(DUTY_HOUR);
    const boss = await whoIs(deps, DEMO.admin);
    const stored = await deps.community.current();
    const entry = {
      id: 'config-leftover-1',
      at: new Date(DUTY_HOUR),
      by: { id: DEMO.admin, name: '社区信息员' },
      action: '修改配置：settings',
      target: 'config/community',
      before: null,
      after: { officePhone: '0573-85010009' },
    };
    await deps.community.save({ ...stored, officePhone: '0573-85010009', pendingAudit: entry } as typeof stored);
    await adminOverview(deps, boss);
    await adminOverview(deps, boss);
    const log = await auditLog(deps, boss, 0);
    expect(log.items.filter((e) => e.action === '修改配置：settings')).toHaveLength(1);
    expect(await deps.community.current()).not.toHaveProperty('pendingAudit');
    // Adding the same entry again (a retry after a crash) is harmless.
    await deps.audit.add(entry as Parameters<typeof deps.audit.add>[0]);
    expect((await auditLog(deps, boss, 0)).items.filter((e) => e.action === '修改配置：settings')).toHaveLength(1);
    // A good save through the use case: one entry, nothing pending.
    await saveConfigSection(deps, boss, 'settings', { officePhone: '0573-85010001', limits: { openCasesPerMember: 5 } });
    expect((await auditLog(deps, boss, 0)).items.filter((e) => e.action === '修改配置：settings')).toHaveLength(2);
    expect(await deps.community.current()).not.toHaveProperty('pendingAudit');
    // The conditional clear leaves a newer pending entry alone.
    await deps.community.save({ ...(await deps.community.current()), pendingAudit: { ...entry, id: 'config-newer' } } as typeof stored);
    await (deps.community as unknown as { clearPendingAudit(id: string): Promise<void> }).clearPendingAudit('config-leftover-1');
    expect(await deps.community.current()).toMatchObject({ pendingAudit: { id: 'config-newer' } });
  });
});
