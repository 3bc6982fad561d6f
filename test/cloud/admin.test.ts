/** Admin through the local cloud: invite codes (expired, reused, wrong role, raced), revocation, configuration, audit. */
import type { CaseView, CommunityConfigView, InviteView, MeView, PersonAdminView } from '../../types/domain';
import { DEMO, DUTY_HOUR, RunningCloud, startCloud } from '../support/local-cloud';

let cloud: RunningCloud;
beforeAll(async () => {
  cloud = await startCloud({ now: DUTY_HOUR, timers: false });
});
afterAll(async () => {
  await cloud?.stop();
});
const ok = <T>(r: { ok: boolean; data?: T; error?: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.data as T;
};
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'OK' : r.error!.code);
const invite = async (role: string, groupId?: string, days = 3) => ok(await cloud.call<InviteView>('admin', 'createInvite', { role, groupId, days }, DEMO.admin));

describe('invite codes', () => {
  it('a stranger becomes a group-2 member with a code, and can then claim', async () => {
    const inv = await invite('member', 'g2');
    const me = ok(await cloud.call<MeView>('session', 'redeemInvite', { code: inv.code, name: '钱阿姨', phone: '13900001111' }, 'o-new-volunteer'));
    expect(me).toMatchObject({ role: 'member', groupName: '第二组', name: '钱阿姨' });
    const c = ok(await cloud.call<CaseView>('cases', 'submit', { categoryId: 'repair', description: '楼道灯坏了好几天', place: { compoundId: 'hubin', building: '', unit: '' } }, DEMO.li));
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
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => cloud.call('session', 'redeemInvite', { code: inv.code, name: `志愿者${i}`, phone: '' }, `o-racer-${i}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) expect(codeOf(r)).toBe('INVITE_USED');
  });
});

describe('revocation', () => {
  it('returns the member’s open cases to the pool', async () => {
    const inv = await invite('member', 'g2');
    ok(await cloud.call('session', 'redeemInvite', { code: inv.code, name: '周阿姨', phone: '' }, 'o-leaving'));
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const c = ok(await cloud.call<CaseView>('cases', 'submit', { categoryId: 'repair', description: `楼道灯坏了第${i}处`, place: { compoundId: 'hubin', building: '', unit: '' } }, DEMO.li));
      ok(await cloud.call('cases', 'claim', { caseId: c.id }, 'o-leaving'));
      ids.push(c.id);
    }
    const out = ok(await cloud.call<{ casesReturned: number; person: PersonAdminView }>('admin', 'revokeRole', { personId: 'o-leaving', reason: '搬去外地了' }, DEMO.admin));
    expect(out).toMatchObject({ casesReturned: 2, person: { role: 'resident' } });
    for (const id of ids) expect(ok(await cloud.call<CaseView>('cases', 'get', { caseId: id }, DEMO.li)).status).toBe('pending');
    expect(codeOf(await cloud.call('cases', 'dutyBoard', {}, 'o-leaving'))).toBe('FORBIDDEN');
  });
});

describe('configuration', () => {
  it('lists every problem, changes nothing on error, audits a valid change', async () => {
    const { config } = ok(await cloud.call<{ config: CommunityConfigView }>('admin', 'overview', {}, DEMO.admin));
    const bad = await cloud.call('admin', 'saveConfig', { section: 'rota', value: { ...config.rota, order: ['g1', 'g7'], hours: { start: '9', end: '8' } } }, DEMO.admin);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message.split('；')).toEqual(['轮值顺序里的组「g7」不存在', '值班时间「9–8」格式不对（例如 08:30–17:30）']);
    expect(ok(await cloud.call<{ config: CommunityConfigView }>('admin', 'overview', {}, DEMO.admin)).config.rota).toEqual(config.rota);
    const saved = ok(await cloud.call<CommunityConfigView>('admin', 'saveConfig', { section: 'rota', value: { ...config.rota, closedDates: ['2026-12-25'] } }, DEMO.admin));
    expect(saved.rota.closedDates).toEqual(['2026-12-25']);
    const audit = ok(await cloud.call<{ items: Array<{ action: string; by: { name: string } }> }>('admin', 'audit', {}, DEMO.admin));
    // (This test file moves the clock back and forth, so look the entry up rather than rely on its position.)
    expect(audit.items.find((e) => e.action === '修改配置：rota')).toMatchObject({ by: { name: '社区信息员' } });
    const preview = ok(await cloud.call<{ days: Array<{ date: string; groupName: string | null }> }>('admin', 'rotaPreview', { days: 28 }, DEMO.admin));
    expect(preview.days).toHaveLength(28);
  });
});
