/** Roles and configuration: invite codes, revocation, configuration checks, audit — over in-memory ports. */
import {
  groupedInviteCode,
  isInviteCode,
  newInviteCode,
  normalizeInviteCode,
  validateChange,
  validatePersonEdit,
  withSection,
} from '../../cloudfunctions/core/admin';
import type { DomainError } from '../../cloudfunctions/core/errors';
import * as uc from '../../cloudfunctions/core/usecases';
import * as admin from '../../cloudfunctions/core/usecases/admin';
import { aCommunity, aMember, aPerson, bj, fakeDeps } from '../fakes';

const boss = aPerson({ id: 'a1', role: 'admin', name: '社区信息员' });
const newcomer = aPerson({ id: 'n1', name: '' });
const other = aPerson({ id: 'n2', name: '' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const zhang = aPerson({ id: 'r1', name: '张阿姨' });
const people = [boss, newcomer, other, wang, zhang];
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'NO_ERROR',
    (e: DomainError) => e.code,
  );
const setup = () => fakeDeps({ now: bj('2026-11-26 10:00'), people: structuredClone(people) });

describe('invite codes', () => {
  it('an admin invites a member into group 2; the newcomer takes the role once; the code cannot be reused', async () => {
    const deps = setup();
    const inv = await admin.createInvite(deps, boss, 'member', 'g2', 3);
    expect(inv).toMatchObject({ role: 'member', groupId: 'g2', stateText: '可以使用' });
    const me = await admin.redeemInvite(deps, await uc.whoIs(deps, 'n1'), inv.code, '钱阿姨', '13900001111');
    expect(me).toMatchObject({ role: 'member', groupName: '第二组', name: '钱阿姨' });
    expect((await deps.people.ofId('n1'))?.role).toBe('member');
    expect(await codeOf(admin.redeemInvite(deps, await uc.whoIs(deps, 'n2'), inv.code, '孙', ''))).toBe('INVITE_USED');
    expect(deps.audit.entries.map((e) => e.action)).toEqual(['生成邀请码', '使用邀请码']);
  });

  it('expired and voided codes do not work; wrong roles are refused', async () => {
    const deps = setup();
    const inv = await admin.createInvite(deps, boss, 'office', undefined as unknown as null, 1);
    deps.clock.set(bj('2026-11-27 10:00'));
    expect(await codeOf(admin.redeemInvite(deps, newcomer, inv.code, '钱', ''))).toBe('INVITE_EXPIRED');
    const inv2 = await admin.createInvite(deps, boss, 'member', 'g1', 7);
    expect((await admin.voidInvite(deps, boss, inv2.code)).stateText).toBe('已作废');
    expect(await codeOf(admin.redeemInvite(deps, newcomer, inv2.code, '钱', ''))).toBe('INVITE_EXPIRED');
    const inv3 = await admin.createInvite(deps, boss, 'member', 'g1', 7);
    expect(await codeOf(admin.redeemInvite(deps, boss, inv3.code, '信息员', ''))).toBe('INVITE_WRONG_ROLE'); // an admin would lose admin
    expect(await codeOf(admin.redeemInvite(deps, newcomer, 'NOPE1234', '钱', ''))).toBe('INVITE_NOT_FOUND');
    expect(await codeOf(admin.createInvite(deps, boss, 'member', 'g9', 7))).toBe('INVALID_INPUT');
    expect(await codeOf(admin.createInvite(deps, wang, 'admin', null, 7))).toBe('FORBIDDEN');
  });

  it('two people entering one code at once: exactly one becomes a member', async () => {
    const deps = setup();
    const inv = await admin.createInvite(deps, boss, 'member', 'g2', 3);
    const results = await Promise.allSettled([admin.redeemInvite(deps, newcomer, inv.code, '钱', ''), admin.redeemInvite(deps, other, inv.code, '孙', '')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});

describe('revocation', () => {
  it('returns a member’s open cases to the pool and makes them a resident; audited', async () => {
    const deps = setup();
    const a = await uc.submitCase(deps, zhang, {
      categoryId: 'repair',
      description: '楼道灯坏了好几天',
      place: { compoundId: 'hubin', building: '', unit: '' },
    });
    await uc.claimCase(deps, wang, a.id);
    const out = await admin.revokeRole(deps, boss, 'm-wang', '搬家离开了社区');
    expect(out).toMatchObject({ casesReturned: 1, person: { role: 'resident' } });
    const back = await uc.getCase(deps, zhang, a.id);
    expect(back).toMatchObject({ status: 'pending', statusText: '等工作室的书记接手' }); // as the resident reads it
    expect(back.timeline.at(-1)?.text).toContain('搬家离开了社区');
    expect(deps.audit.entries.at(-1)).toMatchObject({ action: '取消身份', target: 'users/m-wang' });
    expect(await codeOf(admin.revokeRole(deps, boss, 'a1', 'x'))).toBe('INVALID_INPUT');
  });
});

describe('configuration checks', () => {
  const base = aCommunity();
  const table: Array<[string, Parameters<typeof withSection>[1], unknown, string[]]> = [
    ['a valid rota', 'rota', { ...base.rota, unit: 'week' }, []],
    ['a rota naming a missing group', 'rota', { ...base.rota, order: ['g1', 'g9'] }, ['轮值顺序里的组「g9」不存在']],
    ['duty hours back to front', 'rota', { ...base.rota, hours: { start: '18:00', end: '08:00' } }, ['值班开始时间要早于结束时间']],
    [
      'a category without SLA minutes',
      'categories',
      [{ ...base.categories[0], sla: { claimMinutes: 0, resolveMinutes: 10 } }],
      ['类别「水电维修」的认领时限要是 1 到 43200 之间的整数分钟'],
    ],
    ['duplicate category ids', 'categories', [base.categories[0], base.categories[0]], ['类别编号「repair」重复了']],
    ['no compounds', 'compounds', [], ['至少要有一个小区']],
    ['a cap of 0', 'settings', { officePhone: '123', limits: { openCasesPerMember: 0 } }, ['每位成员最多同时处理的件数要是 1 到 50 之间的整数']],
    [
      'removing a group a member is in',
      'groups',
      base.groups.filter((g) => g.id !== 'g2'),
      ['轮值顺序里的组「g2」不存在', '成员王思瑛所在的值班组「g2」被删掉了，请先给他换组'],
    ],
  ];
  it.each(table)('%s', (_name, section, value, problems) => {
    expect(validateChange(withSection(base, section, value), [wang])).toEqual(problems);
  });

  it('saves a valid change with before/after in the audit log, and refuses an invalid one listing every problem', async () => {
    const deps = setup();
    await admin.saveConfigSection(deps, boss, 'settings', { officePhone: '0573-12345678', limits: { openCasesPerMember: 3 } });
    expect((await deps.community.current()).limits.openCasesPerMember).toBe(3);
    expect(deps.audit.entries.at(-1)).toMatchObject({
      action: '修改配置：settings',
      before: { limits: { openCasesPerMember: 5 } },
      after: { limits: { openCasesPerMember: 3 } },
    });
    const err = await admin
      .saveConfigSection(deps, boss, 'rota', { ...base.rota, order: ['g9'], hours: { start: 'x', end: 'y' } })
      .catch((e: DomainError) => e);
    expect(err).toMatchObject({ code: 'INVALID_INPUT' });
    expect((err as Error).message.split('；')).toEqual(['轮值顺序里的组「g9」不存在', '值班时间「x–y」格式不对（例如 08:30–17:30）']);
    expect(await codeOf(admin.saveConfigSection(deps, boss, 'groups', 'not a list'))).toBe('INVALID_INPUT');
  });

  /** Shapes an admin page never sends, each of which used to be stored and break every later read. */
  const broken: Array<[string, Parameters<typeof withSection>[1], unknown]> = [
    ['templates: null', 'templates', null],
    ['compounds: {}', 'compounds', {}],
    ['compounds: "x"', 'compounds', 'x'],
    ['compounds: [null]', 'compounds', [null]],
    ['settings: null', 'settings', null],
    ['officePhone a number', 'settings', { officePhone: 57385010001, limits: { openCasesPerMember: 5 } }],
    ['officePhone an object', 'settings', { officePhone: { $gt: '' }, limits: { openCasesPerMember: 5 } }],
    ['officePhone null', 'settings', { officePhone: null, limits: { openCasesPerMember: 5 } }],
    ['limits null', 'settings', { officePhone: '0573-85010001', limits: null }],
    ['a "$" key in a group', 'groups', [...base.groups.slice(0, 3), { id: 'g4', name: '第四组', $where: 'sleep(1000)' }]],
    ['a dotted key in the templates', 'templates', { ...base.templates, 'a.b': 'x' }],
    ['a "$" operator as a category’s SLA', 'categories', [{ ...base.categories[0], sla: { claimMinutes: { $gt: 0 }, resolveMinutes: 60 } }]],
    ['a "__proto__" key in the rota', 'rota', JSON.parse(`{"__proto__":{"order":[]},${JSON.stringify(base.rota).slice(1)}`)],
    ['an unknown field in a compound', 'compounds', [{ id: 'hubin', name: '湖滨花园', note: 'x' }]],
    ['an id with a dot', 'compounds', [{ id: 'hu.bin', name: '湖滨花园' }]],
    ['a template id with a "$"', 'templates', { ...base.templates, caseResolved: '$where' }],
    ['a rota without its hours', 'rota', { ...base.rota, hours: undefined }],
  ];
  it.each(broken)('refuses %s: INVALID_INPUT in Chinese, nothing written, nothing audited', async (_name, section, value) => {
    const deps = setup();
    const before = await deps.community.current();
    const err = await admin.saveConfigSection(deps, boss, section, value).catch((e: DomainError) => e);
    expect(err).toMatchObject({ code: 'INVALID_INPUT' });
    expect((err as Error).message).toMatch(/[\u4e00-\u9fff]/);
    expect(await deps.community.current()).toEqual(before);
    expect(deps.audit.entries).toHaveLength(0);
    // Everyone can still read the configuration.
    await expect(uc.whoAmI(deps, zhang)).resolves.toMatchObject({ officePhone: '0573-85010001' });
  });

  it('names the field that is wrong, in Chinese', async () => {
    const deps = setup();
    const msg = async (section: Parameters<typeof withSection>[1], value: unknown) =>
      admin.saveConfigSection(deps, boss, section, value).then(
        () => 'saved',
        (e: Error) => e.message,
      );
    expect(await msg('compounds', [null])).toBe('小区第1项的格式不正确');
    expect(await msg('templates', null)).toBe('订阅消息模板的格式不正确');
    expect(await msg('settings', { officePhone: 5, limits: { openCasesPerMember: 3 } })).toBe('社区办公室电话的格式不正确');
    expect(await msg('groups', [{ id: '一组', name: '' }])).toBe('值班组第1项的编号只能用英文字母、数字、下划线或短横线（1到64个）；请填写值班组第1项的名称');
    expect(await msg('templates', { ...base.templates, 'a.b': 'x' })).toBe('订阅消息模板里有不允许的项目名称「a.b」（不能以$开头，不能含有“.”）');
  });

  it('writes the change and its audit entry together; the entry is logged exactly once and cleared from the record', async () => {
    const deps = setup();
    const saves: unknown[] = [];
    const save = deps.community.save;
    deps.community.save = async (c) => {
      saves.push(structuredClone(c));
      return save(c);
    };
    const templates = { caseResolved: 'NEW_RESOLVED', caseProgress: '', dutyAlert: 'NEW-ALERT_1' };
    const view = await admin.saveConfigSection(deps, boss, 'templates', templates);
    expect(view.templates).toEqual(templates);
    expect(view).not.toHaveProperty('pendingAudit');
    // The first write carries the new configuration AND its audit entry.
    expect(saves[0]).toMatchObject({ templates, pendingAudit: { action: '修改配置：templates', after: templates, before: base.templates } });
    expect(deps.audit.entries.filter((e) => e.action === '修改配置：templates')).toHaveLength(1);
    expect(deps.audit.entries[0]).toMatchObject({ id: (saves[0] as { pendingAudit: { id: string } }).pendingAudit.id });
    expect(await deps.community.current()).not.toHaveProperty('pendingAudit');
    expect((await admin.adminOverview(deps, boss)).config).not.toHaveProperty('pendingAudit');
    expect(deps.audit.entries).toHaveLength(1);
  });

  it('completes a change whose audit entry was written with it but not logged (the function stopped in between)', async () => {
    const deps = setup();
    const config = await deps.community.current();
    const pendingAudit = {
      id: 'config-test-1',
      at: bj('2026-11-26 09:00'),
      by: { id: 'a1', name: '社区信息员' },
      action: '修改配置：settings',
      target: 'config/community',
      before: null,
      after: { officePhone: '0573-85010009' },
    };
    await deps.community.save({ ...config, officePhone: '0573-85010009', pendingAudit } as typeof config);
    // A rejected save writes nothing, not even the leftover entry.
    await expect(admin.saveConfigSection(deps, boss, 'templates', null)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(deps.audit.entries).toHaveLength(0);
    // The next admin read logs it once and clears it.
    await admin.adminOverview(deps, boss);
    expect(deps.audit.entries).toEqual([expect.objectContaining({ id: 'config-test-1', action: '修改配置：settings' })]);
    expect(await deps.community.current()).not.toHaveProperty('pendingAudit');
    await admin.auditLog(deps, boss, 0);
    expect(deps.audit.entries).toHaveLength(1);
    // A save first logs a leftover, then its own.
    await deps.community.save({ ...config, pendingAudit: { ...pendingAudit, id: 'config-test-2' } } as typeof config);
    await admin.saveConfigSection(deps, boss, 'settings', { officePhone: '0573-85010001', limits: { openCasesPerMember: 4 } });
    expect(deps.audit.entries.map((e) => (e as { id?: string }).id)).toEqual(['config-test-1', 'config-test-2', expect.stringMatching(/^config-/)]);
    expect(await deps.community.current()).not.toHaveProperty('pendingAudit');
  });

  it('checks a person’s details', () => {
    expect(
      validatePersonEdit({ name: '', phone: '12', groupId: 'g9', compounds: ['x'], leave: [{ from: '2026-12-05', to: '2026-12-01' }], role: 'member' }, base),
    ).toEqual([
      '请填写姓名',
      '电话号码不正确，请填11位手机号或座机号',
      '值班组「g9」不存在',
      '小区「x」不存在',
      '请假日期「2026-12-05–2026-12-01」开始晚于结束',
    ]);
  });

  it('refuses leave on days that do not exist', () => {
    const edit = (from: string, to: string) =>
      validatePersonEdit({ name: '王思瑛', phone: '', groupId: 'g2', compounds: [], leave: [{ from, to }], role: 'member' }, base);
    expect(edit('2026-02-30', '2026-03-01')).toEqual(['请假日期「2026-02-30–2026-03-01」格式不对（例如 2026-12-01）']);
    expect(edit('2026-12-01', '2026-13-01')).toEqual(['请假日期「2026-12-01–2026-13-01」格式不对（例如 2026-12-01）']);
    expect(edit('2028-02-29', '2028-03-01')).toEqual([]);
  });

  it('previews 4 weeks of the rota', async () => {
    const deps = setup();
    const { days } = await admin.rotaPreview(deps, boss, 28);
    expect(days).toHaveLength(28);
    expect(days[0]).toMatchObject({ date: '2026-11-26', weekday: '周四', groupName: '第二组', hours: '08:30–17:30' });
    expect(days[0].members.map((m) => m.name)).toEqual(['王思瑛']);
  });
});

describe('invite codes of 6 digits (issue 12)', () => {
  it('a new code is 6 digits, shown in two groups; typed with a space, a dash or full-width digits it is the same code', () => {
    expect(newInviteCode(() => 483920)).toBe('483920');
    expect(newInviteCode(() => 42)).toBe('000042');
    expect(groupedInviteCode('483920')).toBe('483 920');
    expect(groupedInviteCode('K7Q2M9XA')).toBe('K7Q2M9XA');
    for (const typed of ['483 920', '483920', ' 483-920 ', '４８３９２０', '４８３　９２０']) expect(normalizeInviteCode(typed)).toBe('483920');
    expect(normalizeInviteCode('k7q2 m9xa')).toBe('K7Q2M9XA');
    expect(isInviteCode('483920')).toBe(true);
    expect(isInviteCode('K7Q2M9XA')).toBe(true); // an older code, valid until it expires
    expect(isInviteCode('48392')).toBe(false);
    expect(isInviteCode('4839201')).toBe(false);
  });

  it('the admin gets a 6-digit code; the newcomer may type it as 「483 920」 or in full-width digits', async () => {
    const deps = setup();
    const inv = await admin.createInvite(deps, boss, 'member', 'g2', 3);
    expect(inv.code).toMatch(/^\d{6}$/);
    const typed = `${inv.code.slice(0, 3)} ${inv.code.slice(3)}`;
    expect(await admin.redeemInvite(deps, newcomer, typed, '钱阿姨', '')).toMatchObject({ role: 'member' });
    const inv2 = await admin.createInvite(deps, boss, 'office', null, 3);
    const fullWidth = Array.from(inv2.code, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('');
    expect(await admin.redeemInvite(deps, other, fullWidth, '孙', '')).toMatchObject({ role: 'office' });
  });

  it('a code already in the collection is never handed out again: another one is drawn', async () => {
    const deps = setup();
    const codes = ['111111', '111111', '111111', '222222'];
    deps.ids.inviteCode = () => codes.shift() ?? '999999';
    expect((await admin.createInvite(deps, boss, 'office', null, 3)).code).toBe('111111');
    expect((await admin.createInvite(deps, boss, 'office', null, 3)).code).toBe('222222');
    expect([...deps.invites.all.keys()]).toEqual(['111111', '222222']);
  });

  it('an older 8-character code still works until it expires', async () => {
    const deps = setup();
    await deps.invites.add({
      code: 'K7Q2M9XA',
      role: 'member',
      groupId: 'g1',
      expiresAt: bj('2026-11-28 10:00'),
      createdBy: { id: 'a1', name: '社区信息员' },
      usedBy: null,
      usedAt: null,
      voided: false,
    });
    expect(await admin.redeemInvite(deps, newcomer, 'k7q2 m9xa', '钱', '')).toMatchObject({ role: 'member', groupName: '第一组' });
  });
});

describe('the audit log in words (issue 12)', () => {
  const wordsOf = async (deps: ReturnType<typeof setup>) =>
    (await admin.auditLog(deps, boss, 0)).items.map((i) => ({ summary: i.summary, changes: i.changes }));

  it('says who changed whom, with names and group names, never ids', async () => {
    const deps = setup();
    const inv = await admin.createInvite(deps, boss, 'member', 'g2', 7);
    await admin.redeemInvite(deps, newcomer, inv.code, '陈奶奶', '13712345678');
    await admin.updatePersonDetails(deps, boss, {
      personId: 'n1',
      name: '陈奶奶',
      phone: '13712345678',
      groupId: 'g3',
      compounds: ['hongqiao'],
      leave: [{ from: '2026-12-01', to: '2026-12-07' }],
    });
    await admin.revokeRole(deps, boss, 'n1', '搬家了');
    const words = await wordsOf(deps);
    expect(words[0]).toEqual({
      summary: '社区信息员 取消了 陈奶奶 的工作室成员（第三组）身份',
      changes: ['身份：工作室成员 → 居民', '小组：第三组 → 无', '负责的小区：虹桥佳苑 → 无', '请假：2026年12月1日到2026年12月7日 → 无', '原因：搬家了'],
    });
    expect(words[1]).toEqual({
      summary: '社区信息员 把 陈奶奶 设为 工作室成员（第三组）',
      changes: ['小组：第二组 → 第三组', '负责的小区：无 → 虹桥佳苑', '请假：无 → 2026年12月1日到2026年12月7日'],
    });
    expect(words[2].summary).toBe('陈奶奶 用邀请码成为 工作室成员（第二组）');
    expect(words[2].changes).toEqual(expect.arrayContaining(['身份：居民 → 工作室成员', '小组：无 → 第二组']));
    expect(words[3]).toEqual({
      summary: `社区信息员 生成了邀请码 ${inv.code.slice(0, 3)} ${inv.code.slice(3)}`,
      changes: ['给：工作室成员（第二组），7天内有效'],
    });
    expect(JSON.stringify(words)).not.toMatch(/n1|users\/|g2|g3|hongqiao/);
  });

  it('lists the rota, category and settings changes as before → after lines', async () => {
    const deps = setup();
    const base = await deps.community.current();
    await admin.saveConfigSection(deps, boss, 'rota', {
      ...base.rota,
      unit: base.rota.unit === 'day' ? 'week' : 'day',
      closedWeekdays: [0, 1],
      closedDates: ['2027-01-01'],
    });
    const cats = base.categories.map((c, i) => (i === 0 ? { ...c, sla: { ...c.sla, claimMinutes: 120 } } : c));
    await admin.saveConfigSection(deps, boss, 'categories', cats);
    await admin.saveConfigSection(deps, boss, 'settings', { officePhone: base.officePhone, limits: { openCasesPerMember: 3 } });
    const words = await wordsOf(deps);
    expect(words[0]).toEqual({ summary: '社区信息员 修改了 其他设置', changes: ['每位成员最多同时处理：5件 → 3件'] });
    expect(words[1]).toEqual({
      summary: '社区信息员 修改了 类别',
      changes: [expect.stringMatching(new RegExp(`^类别「${base.categories[0].name}」认领时限：.+ → 2小时$`))],
    });
    const unit = (u: string) => (u === 'day' ? '天' : '周');
    expect(words[2].summary).toBe('社区信息员 修改了 值班表');
    expect(words[2].changes).toEqual(
      expect.arrayContaining([
        `轮换单位：${unit(base.rota.unit)} → ${unit(base.rota.unit === 'day' ? 'week' : 'day')}`,
        expect.stringMatching(/^每周休息：.* → 周一、周日$/),
        expect.stringMatching(/^节假日：.* → 2027年1月1日$/),
      ]),
    );
  });
});
