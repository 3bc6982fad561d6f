/**
 * Issue 13, part 1: 回访 after every 办结. The resident can answer from 办结 on; the timer asks a day later (message
 * centre, WeChat with a credit for the 回访 template) and, unanswered three days after, makes it a call-back task for
 * the group on duty; a duty member takes it (only then sees the phone), calls, and records the answers. 没解决
 * reopens the case to its holder, 不满意 puts it in the office's 督办 queue with the comment.
 */
import fc from 'fast-check';
import type { Case } from '../../cloudfunctions/core/Case';
import { answerFollowUp, askFollowUp, callBackDue, checkedAnswer, followUpDueAt, openFollowUp, resolve, takeCallBack } from '../../cloudfunctions/core/Case';
import { DEFAULT_FOLLOW_UP, followUpSettings, validateCommunity } from '../../cloudfunctions/core/community';
import { configShapeProblems } from '../../cloudfunctions/core/admin';
import type { DomainError } from '../../cloudfunctions/core/errors';
import * as uc from '../../cloudfunctions/core/usecases';
import { aCommunity, aMember, aPerson, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨', phone: '13812345678' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const gu = aMember('m-gu', 'g3', '顾秀兰', []);
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const other = aPerson({ id: 'r2', name: '李大爷' });
const people = [zhang, wang, lu, gu, wu, other];
const pipe = { categoryId: 'repair', description: '水管爆裂一直漏水', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };
const community = aCommunity({ templates: { caseResolved: 'TMPL_RESOLVED', caseProgress: 'TMPL_PROGRESS', dutyAlert: 'TMPL_ALERT', followUp: 'TMPL_FOLLOW' } });
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'NO_ERROR',
    (e: DomainError) => e.code,
  );
// 2026-11-26 is 第二组's day (王思瑛, 陆建国); 11-30 is theirs again.
const setup = () => fakeDeps({ now: bj('2026-11-26 10:00'), people, community });

async function resolvedCase(deps: ReturnType<typeof setup>, categoryId = 'repair') {
  const v = await uc.submitCase(deps, zhang, { ...pipe, categoryId });
  await uc.claimCase(deps, wang, v.id);
  await uc.resolveCase(deps, wang, v.id, '换了阀门');
  return v.id;
}

describe('settings', () => {
  it('defaults for a configuration stored before 回访 existed; checked when given', () => {
    expect(followUpSettings(aCommunity())).toEqual({ askAfterMinutes: 1440, callAfterDays: 3 });
    expect(followUpSettings(aCommunity({ followUp: { askAfterMinutes: 60, callAfterDays: 1 } }))).toEqual({ askAfterMinutes: 60, callAfterDays: 1 });
    expect(validateCommunity(aCommunity({ followUp: { askAfterMinutes: -1, callAfterDays: 0 } }))).toEqual([
      '办结后多久回访要是 0 到 43200 之间的整数分钟',
      '回访几天没回答就打电话要是 1 到 30 之间的整数天',
    ]);
    expect(configShapeProblems(aCommunity({ followUp: DEFAULT_FOLLOW_UP }))).toEqual([]);
    expect(configShapeProblems({ ...aCommunity(), followUp: { askAfterMinutes: '1', callAfterDays: 3 } })).not.toEqual([]);
  });
});

describe('the answer is checked before anything', () => {
  it.each([
    [{ solved: 'yes', satisfaction: 'satisfied' }],
    [{ solved: true, satisfaction: 'great' }],
    [{ solved: true, satisfaction: { $ne: '' } }],
    [{ solved: true, satisfaction: 'toString' }],
    [{ solved: true, satisfaction: 'basic', comment: { $gt: '' } }],
    [{ solved: true, satisfaction: 'basic', comment: '长'.repeat(301) }],
  ])('%j → INVALID_INPUT', (a) => {
    expect(() => checkedAnswer(a)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('the resident answers', () => {
  it('from the moment of 办结 (解决了, 满意): recorded, confirmed, the timer asks nothing', async () => {
    const deps = setup();
    const id = await resolvedCase(deps);
    const mine = await uc.getCase(deps, zhang, id);
    expect(mine.followUp).toEqual({ stage: 'waiting', answer: null, caller: null });
    expect(mine.can).toMatchObject({ followUp: true, confirm: false, rate: false, reopen: true });
    const done = await uc.answerFollowUpCase(deps, zhang, id, { solved: true, satisfaction: 'satisfied', comment: ' 很及时 ' });
    expect(done.followUp).toMatchObject({ stage: 'done', answer: { solved: true, satisfaction: 'satisfied', comment: '很及时', calledBy: null } });
    expect(done).toMatchObject({ status: 'resolved', can: { followUp: false, reopen: false } });
    expect(done.confirmedAt).not.toBeNull();
    expect(done.timeline.at(-1)).toMatchObject({ kind: 'followed-up', text: '居民回访：问题解决了，满意；想说的话：很及时' });
    expect(await codeOf(uc.answerFollowUpCase(deps, zhang, id, { solved: false, satisfaction: 'unsatisfied' }))).toBe('FOLLOW_UP_CLOSED');
    deps.clock.set(bj('2026-12-01 10:00'));
    const tick = await uc.timerTick(deps);
    expect(tick).toMatchObject({ followUpsAsked: 0, callBacksDue: 0 });
    expect(deps.messages.all.filter((m) => m.title.startsWith('回访'))).toEqual([]);
  });

  it('没解决 reopens it to its holder, who is alerted', async () => {
    const deps = setup();
    const id = await resolvedCase(deps);
    const back = await uc.answerFollowUpCase(deps, zhang, id, { solved: false, satisfaction: 'basic', comment: '还在滴水' });
    expect(back).toMatchObject({ status: 'claimed', holder: { id: 'm-wang' }, reopenCount: 1 });
    expect(back.timeline.at(-1)!.text).toBe('回访说没解决：还在滴水（退回王思瑛继续处理）');
    expect(deps.messages.all.filter((m) => m.touser === 'm-wang' && m.title.startsWith('重新反映'))).toHaveLength(1);
    expect((await uc.officeQueues(deps, wu, 'supervise', 0)).counts.supervise).toBe(0);
  });

  it('不满意 puts it in the office’s 督办 queue with the comment, and alerts the office', async () => {
    const deps = setup();
    const id = await resolvedCase(deps);
    await uc.answerFollowUpCase(deps, zhang, id, { solved: true, satisfaction: 'unsatisfied', comment: '态度不好' });
    const q = await uc.officeQueues(deps, wu, 'supervise', 0);
    expect(q.counts.supervise).toBe(1);
    expect(q.cases.map((c) => c.id)).toEqual([id]);
    expect((await uc.getCase(deps, wu, id)).supervision).toMatchObject({ comment: '态度不好', satisfaction: 'unsatisfied' });
    expect((await uc.getCase(deps, zhang, id)).supervision).toBeNull(); // staff only
    expect(deps.messages.all.filter((m) => m.touser === 'o-wu' && m.title.startsWith('督办'))).toHaveLength(1);
  });

  it('only the reporter answers; another resident does not even see the case', async () => {
    const deps = setup();
    const id = await resolvedCase(deps);
    const before = JSON.stringify(deps.cases.byId.get(id));
    expect(await codeOf(uc.answerFollowUpCase(deps, other, id, { solved: true, satisfaction: 'satisfied' }))).toBe('CASE_NOT_FOUND');
    expect(await codeOf(uc.answerFollowUpCase(deps, lu, id, { solved: true, satisfaction: 'satisfied' }))).toBe('FORBIDDEN');
    expect(await codeOf(uc.answerFollowUpCase(deps, zhang, id, { solved: true, satisfaction: 'nope' }))).toBe('INVALID_INPUT');
    expect(JSON.stringify(deps.cases.byId.get(id))).toBe(before);
  });
});

describe('the timer asks, then the duty group calls', () => {
  it('asks a day after 办结 (WeChat with a credit), then makes it a call-back task; one member takes it and records the answers', async () => {
    const deps = setup();
    await deps.subscriptions.record('r1', { TMPL_FOLLOW: 'accept' });
    const id = await resolvedCase(deps);
    deps.clock.set(bj('2026-11-27 09:59'));
    expect(await uc.timerTick(deps)).toMatchObject({ followUpsAsked: 0 });
    deps.clock.set(bj('2026-11-27 10:00'));
    expect(await uc.timerTick(deps)).toMatchObject({ followUpsAsked: 1, callBacksDue: 0 });
    const asked = deps.messages.all.filter((m) => m.touser === 'r1' && m.title === '回访：问题解决了吗？');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ caseId: id, delivery: { status: 'sent' }, wechat: { templateId: 'TMPL_FOLLOW' } });
    expect(await uc.timerTick(deps)).toMatchObject({ followUpsAsked: 0 }); // idempotent

    deps.clock.set(bj('2026-11-30 10:00'));
    expect(await uc.timerTick(deps)).toMatchObject({ callBacksDue: 1 });
    // 第二组 is on duty: its members are alerted, and see the task on their board (not the phone).
    expect(
      deps.messages.all
        .filter((m) => m.title.startsWith('回访：') && m.touser !== 'r1')
        .map((m) => m.touser)
        .sort(),
    ).toEqual(['m-lu', 'm-wang']);
    const board = await uc.dutyBoard(deps, lu);
    expect(board.callBacks.map((c) => c.id)).toEqual([id]);
    const looking = await uc.getCase(deps, lu, id);
    expect(looking).toMatchObject({ contactPhone: '138****5678', canCall: false, can: { takeCallBack: true, recordCallBack: false } });
    expect(await codeOf(uc.takeCallBackCase(deps, gu, id))).toBe('FORBIDDEN'); // 第三组 is not on duty (may look, like the pool)
    expect(await codeOf(uc.recordCallBackCase(deps, lu, id, { solved: true, satisfaction: 'satisfied' }))).toBe('FORBIDDEN');

    const taken = await uc.takeCallBackCase(deps, lu, id);
    expect(taken).toMatchObject({ contactPhone: '13812345678', canCall: true, can: { takeCallBack: false, recordCallBack: true } });
    expect(await codeOf(uc.takeCallBackCase(deps, wang, id))).toBe('FOLLOW_UP_CLOSED');
    expect((await uc.getCase(deps, wang, id)).contactPhone).toBe('138****5678');
    expect(await codeOf(uc.recordCallBackCase(deps, wang, id, { solved: true, satisfaction: 'satisfied' }))).toBe('FORBIDDEN');

    const done = await uc.recordCallBackCase(deps, lu, id, { solved: true, satisfaction: 'basic', comment: '还行' });
    expect(done.followUp).toMatchObject({ stage: 'done', answer: { solved: true, satisfaction: 'basic', calledBy: { id: 'm-lu', name: '陆建国' } } });
    expect(done.timeline.at(-1)).toMatchObject({
      kind: 'followed-up',
      text: '陆建国打电话回访，居民说：问题解决了，基本满意；想说的话：还行',
      by: { id: 'm-lu' },
    });
    expect(done.contactPhone).toBe('138****5678'); // the task is over
    expect((await uc.dutyBoard(deps, lu)).callBacks).toEqual([]);
  });

  it('a private case shows the pool nothing of the reporter until a member takes the call', async () => {
    const deps = setup();
    const id = await resolvedCase(deps, 'dispute');
    deps.clock.set(bj('2026-11-30 10:00'));
    await uc.timerTick(deps); // asks (a late sweep) …
    await uc.timerTick(deps); // … and, the wait long over, makes it a call-back task
    const row = (await uc.dutyBoard(deps, lu)).callBacks[0];
    expect(row.description).not.toContain('水管');
    expect(await uc.getCase(deps, lu, id)).toMatchObject({ redacted: true, residentName: '（隐私）', contactPhone: '' });
    expect(await uc.takeCallBackCase(deps, lu, id)).toMatchObject({ redacted: false, residentName: '张阿姨', contactPhone: '13812345678' });
  });

  it('a call-back recorded 没解决 reopens the case to its holder; who called is recorded', async () => {
    const deps = setup();
    const id = await resolvedCase(deps);
    deps.clock.set(bj('2026-11-30 10:00'));
    await uc.timerTick(deps);
    await uc.timerTick(deps);
    await uc.takeCallBackCase(deps, wu, id);
    const back = await uc.recordCallBackCase(deps, wu, id, { solved: false, satisfaction: 'unsatisfied', comment: '根本没修好' });
    expect(back).toMatchObject({ status: 'claimed', holder: { id: 'm-wang' }, supervision: { comment: '根本没修好' } });
    expect(back.timeline.at(-2)).toMatchObject({ kind: 'followed-up', by: { id: 'o-wu', name: '吴霞' } });
  });
});

describe('transitions (property)', () => {
  const t0 = bj('2026-11-26 10:00');
  const due = { resolveDueAt: null, officeExpectedBy: null };
  const reporter = { id: 'r1', name: '张阿姨' };
  const member = { id: 'm-wang', name: '王思瑛' };
  const base = (): Case => {
    return {
      id: 'c1',
      code: 'X',
      version: 3,
      status: 'claimed',
      reporter,
      categoryId: 'repair',
      description: 'd',
      place: pipe.place,
      contactPhone: '13812345678',
      routing: { target: 'studio', rule: 'on-duty', groupId: 'g2', alertGroupId: null, preferredMemberIds: [], reason: '', expectedBy: null },
      createdAt: t0,
      reopenCount: 0,
      urgent: false,
      filedFor: null,
      private: false,
      photos: [],
      urgedAt: null,
      confirmedAt: null,
      rating: null,
      followUp: null,
      supervision: null,
      followers: [],
      mergedFrom: [],
      timeline: [],
      effects: [],
      holder: member,
      claimedAt: t0,
      resolveDueAt: null,
    };
  };

  it('whatever order of ask, call, take and answers: at most one answer is recorded, the version rises by one per step, the timer has nothing due after', () => {
    type Op = 'ask' | 'call' | 'take' | 'answerResident' | 'answerCall';
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<Op>('ask', 'call', 'take', 'answerResident', 'answerCall'), { maxLength: 8 }),
        fc.boolean(),
        fc.constantFrom('satisfied', 'basic', 'unsatisfied'),
        (ops, solved, satisfaction) => {
          let c: Case = openFollowUp(resolve(base(), member, '修好了', t0), t0, DEFAULT_FOLLOW_UP);
          let answers = 0;
          for (const op of ops) {
            const before = c.version;
            try {
              const a = { solved, satisfaction: satisfaction as 'basic', comment: '' };
              if (op === 'ask') c = askFollowUp(c, t0);
              else if (op === 'call') c = callBackDue(c, t0);
              else if (op === 'take') c = takeCallBack(c, member, t0);
              else if (op === 'answerResident') c = answerFollowUp(c, reporter, a, 'resident', t0, due);
              else c = answerFollowUp(c, member, a, 'call', t0, due);
              if (op.startsWith('answer')) answers++;
              expect(c.version).toBe(before + 1);
            } catch (e) {
              expect(['FOLLOW_UP_CLOSED', 'NOT_REPORTER']).toContain((e as DomainError).code);
              expect(c.version).toBe(before);
            }
          }
          expect(answers).toBeLessThanOrEqual(1);
          if (answers === 1) {
            expect(followUpDueAt(c)).toBeNull();
            expect(c.timeline.filter((t) => t.kind === 'followed-up')).toHaveLength(1);
          }
        },
      ),
      { seed: 13, numRuns: 300 },
    );
  });
});
