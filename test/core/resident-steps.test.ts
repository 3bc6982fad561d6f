/**
 * Issue 12 (the resident's side): confirming ends the reopen offer, reopening clears the earlier rating, every step
 * reaches the reporter's message centre (WeChat only for the steps worth a credit), and 催一催 off duty says when it
 * will be seen and alerts the next shift's group.
 */
import { claim, confirmSolved, openCase, rate, reopen, resolve } from '../../cloudfunctions/core/Case';
import type { DomainError } from '../../cloudfunctions/core/errors';
import * as uc from '../../cloudfunctions/core/usecases';
import { aMember, aPerson, aRouting, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨', phone: '13812345678' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const gu = aMember('m-gu', 'g3', '顾秀兰', []);
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const people = [zhang, wang, lu, gu, wu];
const pipe = { categoryId: 'repair', description: '水管爆裂一直漏水', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };
const stars = { result: 5, speed: 4, attitude: 5, comment: '很好' };
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'NO_ERROR',
    (e: DomainError) => e.code,
  );
const setup = (at = '2026-11-26 10:00') => fakeDeps({ now: bj(at), people });

describe('confirm and reopen (transitions)', () => {
  const t0 = bj('2026-11-26 10:00');
  const due = { resolveDueAt: bj('2026-11-26 14:00'), officeExpectedBy: bj('2026-11-26 14:00') };
  const resolved = () =>
    resolve(
      claim(
        openCase({
          id: 'c1',
          code: 'ABC234',
          reporter: { id: 'r1', name: '张阿姨' },
          categoryId: 'repair',
          description: '水管爆裂一直漏水',
          place: pipe.place,
          contactPhone: '13812345678',
          routing: aRouting({ expectedBy: due.resolveDueAt }),
          urgent: false,
          filedFor: null,
          now: t0,
        }),
        { id: 'm-wang', name: '王思瑛' },
        t0,
        due.resolveDueAt,
      ),
      { id: 'm-wang', name: '王思瑛' },
      '换了阀门',
      t0,
    );
  const me = { id: 'r1', name: '张阿姨' };

  it('a confirmed case cannot be reopened', () => {
    const confirmed = confirmSolved(resolved(), me, t0);
    expect(() => reopen(confirmed, me, '又漏了', t0, due)).toThrow(expect.objectContaining({ code: 'CASE_NOT_REOPENABLE' }));
  });

  it('reopening clears the earlier rating, the first time and the second', () => {
    const once = reopen(rate(resolved(), me, stars, t0), me, '又漏了', t0, due);
    expect(once).toMatchObject({ status: 'claimed', rating: null, confirmedAt: null });
    const again = resolve(once, { id: 'm-wang', name: '王思瑛' }, '又修了', t0);
    const twice = reopen(rate(again, me, stars, t0), me, '还是漏', t0, due);
    expect(twice).toMatchObject({ status: 'pending', reopenCount: 2, rating: null, confirmedAt: null });
  });
});

/** A case stored before 回访 existed: no follow-up (confirm and rate are its steps). */
const storedBeforeFollowUp = (deps: ReturnType<typeof setup>, id: string) => {
  deps.cases.byId.get(id)!.followUp = null;
};

describe('confirm and reopen (use cases and the page flags) of a case resolved before 回访', () => {
  it('after 问题解决了 the case no longer offers 重新反映, and a reopen is refused', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, pipe);
    await uc.claimCase(deps, wang, v.id);
    expect((await uc.resolveCase(deps, wang, v.id, '换了阀门')).status).toBe('resolved');
    expect((await uc.getCase(deps, zhang, v.id)).can).toMatchObject({ followUp: true, confirm: false, rate: false });
    storedBeforeFollowUp(deps, v.id);
    expect((await uc.getCase(deps, zhang, v.id)).can).toMatchObject({ reopen: true, followUp: false, confirm: true });
    const confirmed = await uc.confirmCase(deps, zhang, v.id);
    expect(confirmed.can).toMatchObject({ reopen: false, confirm: false, rate: true });
    expect(confirmed.forMe.reopenTemplates).toEqual([]);
    expect(await codeOf(uc.reopenCase(deps, zhang, v.id, '又漏了'))).toBe('CASE_NOT_REOPENABLE');
  });

  it('a rated (not confirmed) case reopened can be rated afresh', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, pipe);
    await uc.claimCase(deps, wang, v.id);
    await uc.resolveCase(deps, wang, v.id, '换了阀门');
    storedBeforeFollowUp(deps, v.id);
    expect((await uc.rateCase(deps, zhang, v.id, stars)).rating).not.toBeNull();
    const back = await uc.reopenCase(deps, zhang, v.id, '又漏了');
    expect(back).toMatchObject({ status: 'claimed', rating: null, confirmedAt: null });
    const again = await uc.resolveCase(deps, wang, v.id, '又修了');
    expect(again.rating).toBeNull();
    // Resolved again now: its answer is a 回访 (confirm and rate are merged into it).
    expect((await uc.getCase(deps, zhang, v.id)).can).toMatchObject({ rate: false, confirm: false, followUp: true, reopen: true });
  });
});

describe('the reporter hears every step', () => {
  it('受理, 认领, 进展, 转交, 上报, 指派, 办结 once each, in plain words; WeChat only for 认领, 上报, 指派 and 办结', async () => {
    const deps = setup();
    await deps.subscriptions.record('r1', { TMPL_PROGRESS: 'accept', TMPL_RESOLVED: 'accept' });
    await deps.subscriptions.record('r1', { TMPL_PROGRESS: 'accept' });
    const v = await uc.submitCase(deps, zhang, pipe);
    await uc.claimCase(deps, wang, v.id);
    await uc.noteCase(deps, wang, v.id, '已联系物业，下午来修');
    await uc.handOverCase(deps, wang, v.id, 'm-lu', '我下午有事');
    await uc.escalateCase(deps, lu, v.id, '要换总管，需要物业出面');
    await uc.assignCase(deps, wu, v.id, 'o-wu');
    await uc.resolveCase(deps, wu, v.id, '物业换了总管');
    const mine = deps.messages.all.filter((m) => m.touser === 'r1');
    expect(mine.map((m) => [m.title, m.delivery.status])).toEqual([
      ['您反映的事已收到', 'in-app'],
      ['书记正在办您反映的事', 'sent'],
      ['您反映的事有新进展', 'in-app'],
      ['您反映的事换人处理了', 'in-app'],
      ['您反映的事已交给社区办公室', 'sent'],
      ['社区正在办您反映的事', 'no-credit'], // two progress credits: spent on 认领 and 上报
      ['您反映的事已经办好了', 'sent'],
    ]);
    expect(mine[0].text).toContain(`事项编号${v.code}`);
    expect(mine[1].text).toBe('「水电维修」王思瑛接手了这件事，会尽快办');
    expect(mine[4].text).toBe('「水电维修」陆建国交给社区办公室来办：要换总管，需要物业出面');
    expect(mine[5].text).toBe('「水电维修」社区的吴霞在办，有进展会告诉您');
    expect(mine[6].text).toBe('「水电维修」吴霞办好了：物业换了总管');
    for (const m of mine) expect(`${m.title}${m.text}`).not.toMatch(/认领|上报|超时|SLA|办结|不予受理/);
    expect(mine[2].text).toContain('王思瑛：已联系物业，下午来修');
    expect(mine[3].text).toContain('王思瑛转交给陆建国继续处理');
    expect(mine[3].text).not.toContain('我下午有事');
    expect(deps.notifier.sent.filter((m) => m.touser === 'r1')).toHaveLength(3);
  });
});

describe('催一催 off duty', () => {
  it('says when the urge will be seen, before and after, and alerts the next shift’s group', async () => {
    const deps = setup('2026-11-26 19:00');
    const v = await uc.submitCase(deps, zhang, pipe);
    const note = '现在是下班时间，明天 08:30 值班的人会先看到';
    expect(v.urgeNote).toBe(note);
    expect((await uc.getCase(deps, gu, v.id)).urgeNote).toBeNull(); // only the reporter is told
    const urged = await uc.urgeCase(deps, zhang, v.id);
    expect(urged.urgeNote).toBe(note);
    expect(deps.messages.all.filter((m) => m.title.startsWith('催办')).map((m) => m.touser)).toEqual(['m-gu']);
  });

  it('early in the morning it is 今天; on duty there is no note', async () => {
    const deps = setup('2026-11-27 07:00');
    const v = await uc.submitCase(deps, zhang, pipe);
    expect(v.urgeNote).toBe('现在是下班时间，今天 08:30 值班的人会先看到');
    deps.clock.set(bj('2026-11-27 09:00'));
    expect((await uc.getCase(deps, zhang, v.id)).urgeNote).toBeNull();
  });
});
