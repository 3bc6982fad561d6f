/** 督办: yellow at 75 % of a deadline's duty-time budget, red at the deadline, one reminder, the office's daily digest. */
import { DEFAULT_ROTA, addDutyTime, subtractDutyTime } from '../../cloudfunctions/core/rota';
import { claimCase, escalateCase, getCase, pressOverdue, submitCase, timerTick } from '../../cloudfunctions/core/usecases';
import { aMember, aPerson, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const gu = aMember('m-gu', 'g3', '顾秀兰');
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const li = aPerson({ id: 'o-li', role: 'office', name: '李明' });
const people = [zhang, wang, lu, gu, wu, li];
// repair: claim within 30 duty minutes, resolve within 240.
const pipe = { categoryId: 'repair', description: '水管爆裂一直漏水', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };

const setup = (at: string) => fakeDeps({ now: bj(at), people });
type Deps = ReturnType<typeof setup>;
const reminders = (deps: Deps) => deps.messages.all.filter((m) => m.title.startsWith('快到时间了'));
const digests = (deps: Deps) => deps.messages.all.filter((m) => m.id.startsWith('reds_'));

describe('duty time backwards', () => {
  it('subtractDutyTime undoes addDutyTime across nights', () => {
    for (const [from, minutes] of [
      ['2026-11-26 10:00', 240],
      ['2026-11-26 17:15', 30],
      ['2026-11-26 16:00', 1440],
      ['2026-11-26 20:00', 45],
    ] as const) {
      const due = addDutyTime(DEFAULT_ROTA, bj(from), minutes)!;
      const quarter = subtractDutyTime(DEFAULT_ROTA, due, minutes / 4)!;
      expect(addDutyTime(DEFAULT_ROTA, bj(from), (minutes * 3) / 4)!.getTime()).toBe(quarter.getTime());
    }
    // 15 duty minutes before 08:40 are 10 this morning and 5 the evening before.
    expect(subtractDutyTime(DEFAULT_ROTA, bj('2026-11-27 08:40'), 15)).toEqual(bj('2026-11-26 17:25'));
  });
});

describe('yellow and red marks', () => {
  it('a held case turns yellow at 75 % of its resolve time counted in duty time (not wall time), red at the deadline', async () => {
    const deps = setup('2026-11-26 16:00');
    const v = await submitCase(deps, zhang, pipe);
    await claimCase(deps, wang, v.id); // 240 duty minutes: 90 today, 150 tomorrow → 11-27 11:00; 75 % → 11-27 10:00
    const marks = async (who = wang) => {
      const c = await getCase(deps, who, v.id);
      return { dueSoon: c.dueSoon, overdue: c.overdue };
    };
    // 75 % of the wall time (19 hours) would be 06:15: still night, nothing counts.
    deps.clock.set(bj('2026-11-27 09:59'));
    expect(await marks()).toEqual({ dueSoon: false, overdue: false });
    deps.clock.set(bj('2026-11-27 10:00'));
    expect(await marks()).toEqual({ dueSoon: true, overdue: false });
    expect(await marks(zhang)).toEqual({ dueSoon: false, overdue: false }); // residents see nothing alarming
    deps.clock.set(bj('2026-11-27 11:00'));
    expect(await marks()).toEqual({ dueSoon: false, overdue: true });
  });
});

describe('the reminder at yellow', () => {
  it('reminds the holder once, however often the timer runs', async () => {
    const deps = setup('2026-11-26 10:00');
    const v = await submitCase(deps, zhang, pipe);
    await claimCase(deps, wang, v.id); // due 14:00, yellow 13:00
    deps.clock.set(bj('2026-11-26 12:59'));
    expect(await pressOverdue(deps)).toEqual({ reminded: 0, redDigests: 0 });
    deps.clock.set(bj('2026-11-26 13:00'));
    expect((await pressOverdue(deps)).reminded).toBe(1);
    expect((await pressOverdue(deps)).reminded).toBe(0);
    deps.clock.set(bj('2026-11-26 13:30'));
    expect((await timerTick(deps)).reminded).toBe(0);
    expect(reminders(deps)).toHaveLength(1);
    expect(reminders(deps)[0]).toMatchObject({
      touser: wang.id,
      caseId: v.id,
      title: '快到时间了：水电维修',
      text: '虹桥佳苑的「水电维修」快到时间了，应在 11月26日 14:00 前办结，请尽快处理',
    });
    expect((await deps.cases.ofId(v.id))!.effects).toEqual([]); // recorded with the write, then completed
  });

  it('reminds the pool group on duty of a waiting case, after the night (duty time pauses off duty)', async () => {
    const deps = setup('2026-11-26 17:15');
    const v = await submitCase(deps, zhang, pipe); // claim: 15 minutes today, 15 tomorrow → 11-27 08:45; yellow 08:37:30
    deps.clock.set(bj('2026-11-26 17:29'));
    expect((await timerTick(deps)).reminded).toBe(0);
    deps.clock.set(bj('2026-11-27 08:37'));
    expect((await timerTick(deps)).reminded).toBe(0); // handed over to the morning's group (顾秀兰), not yet yellow
    deps.clock.set(bj('2026-11-27 08:38'));
    expect((await timerTick(deps)).reminded).toBe(1);
    expect((await timerTick(deps)).reminded).toBe(0);
    expect(reminders(deps).map((m) => [m.touser, m.text])).toEqual([[gu.id, '虹桥佳苑的「水电维修」快到时间了，应在 11月27日 08:45 前认领，请尽快处理']]);
    expect((await getCase(deps, gu, v.id)).dueSoon).toBe(true);
  });

  it('a new deadline (an escalation) gets its own reminder', async () => {
    const deps = setup('2026-11-26 10:00');
    const v = await submitCase(deps, zhang, pipe); // due 10:30, yellow 10:22:30
    deps.clock.set(bj('2026-11-26 10:23'));
    expect((await pressOverdue(deps)).reminded).toBe(1);
    await escalateCase(deps, lu, v.id, '需要物业配合'); // office: 30 duty minutes → 10:53; yellow 10:45:30
    deps.clock.set(bj('2026-11-26 10:46'));
    expect((await pressOverdue(deps)).reminded).toBe(1);
    expect(reminders(deps).map((m) => m.touser)).toEqual([wang.id, lu.id, wu.id, li.id]);
  });

  it('a timer that dies after marking the case still sends the reminder, once (the effect travels with the write)', async () => {
    const deps = setup('2026-11-26 10:00');
    const v = await submitCase(deps, zhang, pipe);
    await claimCase(deps, wang, v.id); // yellow 13:00
    deps.clock.set(bj('2026-11-26 13:00'));
    const add = deps.messages.add.bind(deps.messages);
    deps.messages.add = async () => {
      throw new Error('the function was killed');
    };
    expect((await pressOverdue(deps)).reminded).toBe(1); // marked; the message is left pending with the case
    deps.messages.add = add;
    expect(reminders(deps)).toHaveLength(0);
    expect((await deps.cases.ofId(v.id))!.effects.map((e) => e.kind)).toEqual(['notify']);
    deps.clock.set(bj('2026-11-26 13:05'));
    expect((await timerTick(deps)).reminded).toBe(0); // not reminded again: the pending effect is completed instead
    expect(reminders(deps)).toHaveLength(1);
    expect((await timerTick(deps)).reminded).toBe(0);
    expect(reminders(deps)).toHaveLength(1);
  });

  it('a case already past its deadline when first seen is marked, not reminded', async () => {
    const deps = setup('2026-11-26 10:00');
    const v = await submitCase(deps, zhang, pipe);
    await escalateCase(deps, lu, v.id, '需要物业配合'); // office deadline 10:30
    deps.clock.set(bj('2026-11-26 10:31'));
    expect((await pressOverdue(deps)).reminded).toBe(1);
    expect(reminders(deps)).toHaveLength(0);
    expect((await deps.cases.dueForReminder(bj('2026-11-26 10:31'), 10)).map((c) => c.id)).not.toContain(v.id);
  });
});

describe("the office's daily digest of reds", () => {
  it('one message per office worker per day, from the start of duty hours, listing what is red', async () => {
    const deps = setup('2026-11-26 10:00');
    const v = await submitCase(deps, zhang, pipe);
    await escalateCase(deps, lu, v.id, '需要物业配合'); // office deadline 10:30 (the office is the top: it stays red)
    deps.clock.set(bj('2026-11-26 10:29'));
    expect((await pressOverdue(deps)).redDigests).toBe(0); // nothing red yet
    deps.clock.set(bj('2026-11-26 10:31'));
    expect((await pressOverdue(deps)).redDigests).toBe(2);
    expect((await pressOverdue(deps)).redDigests).toBe(0);
    deps.clock.set(bj('2026-11-26 16:00'));
    expect((await timerTick(deps)).redDigests).toBe(0);
    expect(digests(deps).map((m) => [m.id, m.touser])).toEqual([
      ['reds_2026-11-26_o-wu', wu.id],
      ['reds_2026-11-26_o-li', li.id],
    ]);
    expect(digests(deps)[0]).toMatchObject({ title: '已超时还没办完：1件', caseId: null });
    expect(digests(deps)[0].text).toBe(`今天已超时还没办完的事有1件：${v.code} 水电维修。请打开「社区待办」的「已超时」看看。`);
    // The next day: none before duty hours, one each after.
    deps.clock.set(bj('2026-11-27 08:00'));
    expect((await pressOverdue(deps)).redDigests).toBe(0);
    deps.clock.set(bj('2026-11-27 08:30'));
    expect((await pressOverdue(deps)).redDigests).toBe(2);
    expect((await pressOverdue(deps)).redDigests).toBe(0);
    expect(digests(deps)).toHaveLength(4);
    expect(deps.messages.all.filter((m) => m.touser === gu.id || m.touser === wang.id).some((m) => m.id.startsWith('reds_'))).toBe(false);
  });
});
