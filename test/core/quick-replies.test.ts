/**
 * 常用语 (issue 14, item 4): the admin sets short phrases per step; staff get them with MeView; a configuration stored
 * before them takes the defaults and is saved back unchanged; every bad list is refused in Chinese, changing nothing.
 */
import { configOf, configShapeProblems, parseSection } from '../../cloudfunctions/core/admin';
import type { DomainError } from '../../cloudfunctions/core/errors';
import * as uc from '../../cloudfunctions/core/usecases';
import * as admin from '../../cloudfunctions/core/usecases/admin';
import { formsOf, valueOf } from '../../src/pages-admin/config/forms';
import { DEFAULT_QUICK_REPLIES, appendPhrase, quickRepliesOf } from '../../types/quick-replies';
import { aCommunity, aMember, aPerson, bj, fakeDeps } from '../fakes';

const boss = aPerson({ id: 'a1', role: 'admin', name: '社区信息员' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const zhang = aPerson({ id: 'r1', name: '张阿姨' });
const setup = () => fakeDeps({ now: bj('2026-11-26 10:00'), people: structuredClone([boss, wang, zhang]) });
const phrases = {
  note: ['已上门查看', '已联系物业'],
  resolve: ['已修好'],
  handOver: [],
  release: ['身体不舒服'],
  escalate: ['需要社区协调'],
};

describe('常用语 in the configuration', () => {
  it('a configuration stored without them takes the defaults, and keeps no quickReplies field when saved otherwise', async () => {
    const deps = setup();
    const stored = await deps.community.current();
    expect(stored).not.toHaveProperty('quickReplies');
    expect(configShapeProblems(stored)).toEqual([]);
    expect(quickRepliesOf(stored)).toEqual(DEFAULT_QUICK_REPLIES);
    expect(quickRepliesOf(stored).note).toContain('已上门查看');
    expect(quickRepliesOf(stored).resolve).toContain('已协调解决');
    const view = await admin.saveConfigSection(deps, boss, 'settings', { officePhone: stored.officePhone, limits: { openCasesPerMember: 4 } });
    expect(view).not.toHaveProperty('quickReplies');
    expect(await deps.community.current()).not.toHaveProperty('quickReplies');
  });

  it('a step left out keeps the default list; an empty list means none', () => {
    expect(quickRepliesOf({ quickReplies: { note: ['只这一句'], escalate: [] } })).toEqual({ ...DEFAULT_QUICK_REPLIES, note: ['只这一句'], escalate: [] });
  });

  it('the admin saves them: staff get them with MeView, residents do not; audited in words; other sections keep them', async () => {
    const deps = setup();
    const view = await admin.saveConfigSection(deps, boss, 'quickReplies', phrases);
    expect(view.quickReplies).toEqual(phrases);
    expect((await uc.whoAmI(deps, wang)).quickReplies).toEqual(phrases);
    expect((await uc.whoAmI(deps, boss)).quickReplies).toEqual(phrases);
    expect((await uc.whoAmI(deps, zhang)).quickReplies).toBeNull();
    // Saving another section keeps them.
    await admin.saveConfigSection(deps, boss, 'settings', { officePhone: '0573-85010001', limits: { openCasesPerMember: 3 } });
    expect((await deps.community.current()).quickReplies).toEqual(phrases);
    expect(configOf(await deps.community.current()).quickReplies).toEqual(phrases);
    const log = (await admin.auditLog(deps, boss, 0)).items.map((i) => ({ summary: i.summary, changes: i.changes }));
    expect(log[1]).toEqual({
      summary: '社区信息员 修改了 常用语',
      changes: [
        '写进展的常用语：去掉了「已电话联系居民」「材料清单已告知」「明天上午再去看」',
        '办结的常用语：去掉了「已协调解决」「已联系物业处理完毕」「已告知办理流程」',
        '转给其他成员的常用语：去掉了「已上门看过」「已和居民通过电话」「需要懂行的成员来办」',
        '放回待认领的常用语：加了「身体不舒服」，去掉了「这几天身体不舒服」「家里有事，办不了」「不熟悉这类事」',
        '上报社区的常用语：加了「需要社区协调」，去掉了「需要社区出面协调」「涉及费用，需要社区处理」「工作室办不了」',
      ],
    });
  });

  const bad: Array<[string, unknown, string]> = [
    ['a phrase of 21 characters', { note: ['一'.repeat(21)] }, '常用语的写进展第1项最多20个字'],
    ['13 phrases for a step', { resolve: Array.from({ length: 13 }, (_, i) => `第${i}句`) }, '常用语的办结最多12项'],
    ['an empty phrase', { note: [''] }, '请填写常用语的写进展第1项'],
    ['a phrase with a line break', { note: ['已上门\n查看'] }, '常用语的写进展第1项不能有换行，前后也不能有空格'],
    ['a phrase with spaces around it', { note: [' 已上门 '] }, '常用语的写进展第1项不能有换行，前后也不能有空格'],
    ['an unknown step', { reject: ['x'] }, '常用语里有不认识的项目「reject」'],
    ['a phrase that is an object', { note: [{ $gt: '' }] }, '常用语里有不允许的项目名称「$gt」（不能以$开头，不能含有“.”）'],
    ['a "$" key', { $set: { note: [] } }, '常用语里有不允许的项目名称「$set」（不能以$开头，不能含有“.”）'],
    ['a step that is a string', { note: '已上门查看' }, '常用语的写进展的格式不正确'],
    ['a list', [['已上门查看']], '常用语的格式不正确'],
    ['null', null, '常用语的格式不正确'],
  ];
  it.each(bad)('refuses %s: INVALID_INPUT in Chinese, nothing written, nothing audited', async (_name, value, message) => {
    const deps = setup();
    const before = await deps.community.current();
    const err = await admin.saveConfigSection(deps, boss, 'quickReplies', value).catch((e: DomainError) => e);
    expect(err).toMatchObject({ code: 'INVALID_INPUT', message });
    expect(await deps.community.current()).toEqual(before);
    expect(deps.audit.entries).toHaveLength(0);
  });

  it('a stored configuration with a broken list is reported, not trusted', () => {
    expect(configShapeProblems({ ...aCommunity(), quickReplies: { note: [5] } })).toEqual(['常用语的写进展第1项的格式不正确']);
    expect(parseSection('quickReplies', {}).ok).toBe(true);
  });
});

describe('the admin page’s 常用语 form', () => {
  it('shows the defaults when none were saved, one a line, and saves them back as they were', () => {
    const forms = formsOf(aCommunity());
    expect(forms.quickReplies.note).toBe(DEFAULT_QUICK_REPLIES.note.join('\n'));
    expect(valueOf('quickReplies', forms)).toEqual({ ok: true, value: DEFAULT_QUICK_REPLIES });
  });

  it('leaves out empty lines, spaces at either end and repeats', () => {
    const forms = formsOf({ ...aCommunity(), quickReplies: phrases });
    forms.quickReplies.note = '\n 已上门查看 \n\n已联系物业\n已上门查看\n';
    expect(valueOf('quickReplies', forms)).toEqual({ ok: true, value: { ...phrases, note: ['已上门查看', '已联系物业'] } });
  });

  it('says what is too long and what is too many, in Chinese', () => {
    const forms = formsOf(aCommunity());
    forms.quickReplies.note = `已上门查看\n${'很'.repeat(21)}`;
    forms.quickReplies.resolve = Array.from({ length: 13 }, (_, i) => `第${i + 1}句`).join('\n');
    expect(valueOf('quickReplies', forms)).toEqual({
      ok: false,
      problems: ['「写进展」的常用语「很很很很很很很很…」有21个字，最多20个字。', '「办结」写了13句常用语，最多12句。'],
    });
  });
});

describe('one tap appends a phrase', () => {
  it('puts 「，」 between when there is text, none after punctuation, and never goes past the field’s most characters', () => {
    expect(appendPhrase('', '已上门查看', 500)).toBe('已上门查看');
    expect(appendPhrase('已上门查看', '已联系物业', 500)).toBe('已上门查看，已联系物业');
    expect(appendPhrase('已上门查看。', '已联系物业', 500)).toBe('已上门查看。已联系物业');
    expect(appendPhrase('已上门查看  ', '已联系物业', 500)).toBe('已上门查看，已联系物业');
    expect(appendPhrase('一'.repeat(10), '已修好', 13)).toBeNull();
    expect(appendPhrase('一'.repeat(9), '已修好', 13)).toBe(`${'一'.repeat(9)}，已修好`);
  });
});
