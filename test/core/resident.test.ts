/** The resident's side and notifications, as use cases over in-memory ports. */
import type { DomainError } from '../../cloudfunctions/core/errors';
import * as uc from '../../cloudfunctions/core/usecases';
import { retryDeliveries } from '../../cloudfunctions/core/usecases/notifications';
import { aMember, aPerson, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨', phone: '13812345678' });
const li = aPerson({ id: 'r2', name: '李大伯' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const people = [zhang, li, wang, lu, wu];
const pipe = { categoryId: 'repair', description: '水管爆裂一直漏水', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'NO_ERROR',
    (e: DomainError) => e.code,
  );
const setup = (at = '2026-11-26 10:00') => fakeDeps({ now: bj(at), people });

describe('idempotent submit', () => {
  it('10 retries of one submit make 1 case and alert the group once', async () => {
    const deps = setup();
    const views = await Promise.all(Array.from({ length: 10 }, () => uc.submitCase(deps, zhang, { ...pipe, clientRequestId: 'req-0001abcd' })));
    expect(new Set(views.map((v) => v.id)).size).toBe(1);
    expect(deps.cases.byId.size).toBe(1);
    const alerts = deps.messages.all.filter((m) => m.title.startsWith('新事项'));
    expect(alerts.map((m) => m.touser).sort()).toEqual(['m-lu', 'm-wang']);
    // A different request id is a different report.
    await uc.submitCase(deps, zhang, { ...pipe, clientRequestId: 'req-0002abcd' });
    expect(deps.cases.byId.size).toBe(2);
  });
});

describe('the resident’s actions', () => {
  it('urges at most once every 2 hours, telling the holder', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, pipe);
    await uc.claimCase(deps, wang, v.id);
    const urged = await uc.urgeCase(deps, zhang, v.id);
    expect(urged.can.urge).toBe(false);
    expect(urged.urge.next).toBe(bj('2026-11-26 12:00').toISOString());
    expect(deps.messages.all.filter((m) => m.touser === 'm-wang' && m.title.startsWith('催办'))).toHaveLength(1);
    deps.clock.set(bj('2026-11-26 11:59'));
    expect(await codeOf(uc.urgeCase(deps, zhang, v.id))).toBe('URGE_TOO_SOON');
    deps.clock.set(bj('2026-11-26 12:00'));
    expect((await uc.urgeCase(deps, zhang, v.id)).timeline.filter((t) => t.kind === 'urged')).toHaveLength(2);
    expect(await codeOf(uc.urgeCase(deps, li, v.id))).toBe('CASE_NOT_FOUND');
  });

  it('cancels only before anyone claims it', async () => {
    const deps = setup();
    const a = await uc.submitCase(deps, zhang, pipe);
    expect(await uc.cancelCase(deps, zhang, a.id, '已经自己修好了')).toMatchObject({ status: 'cancelled', statusText: '您已撤回' });
    const b = await uc.submitCase(deps, zhang, pipe);
    await uc.claimCase(deps, wang, b.id);
    expect(await codeOf(uc.cancelCase(deps, zhang, b.id, ''))).toBe('CASE_ALREADY_CLAIMED');
    // Said in the resident's words, not the members' 「已经由王思瑛认领了，请看看其他事项」.
    await expect(uc.cancelCase(deps, zhang, b.id, '')).rejects.toThrow(/^王思瑛已经在办这件事了，不能撤回$/);
  });

  it('confirms and rates once, 1–5 stars (a case resolved before 回访 existed); reopens only within 7 days', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, pipe);
    await uc.claimCase(deps, wang, v.id);
    await uc.resolveCase(deps, wang, v.id, '换了阀门');
    // Since 回访, confirming and rating is answering it; a case stored before then has no 回访 and keeps the old steps.
    expect(await codeOf(uc.confirmCase(deps, zhang, v.id))).toBe('CASE_NOT_OPEN');
    deps.cases.byId.get(v.id)!.followUp = null;
    expect((await uc.confirmCase(deps, zhang, v.id)).confirmedAt).not.toBeNull();
    expect(await codeOf(uc.rateCase(deps, zhang, v.id, { result: 6, speed: 5, attitude: 5, comment: '' }))).toBe('INVALID_INPUT');
    const rated = await uc.rateCase(deps, zhang, v.id, { result: 5, speed: 4, attitude: 5, comment: '王书记很耐心' });
    expect(rated.rating).toEqual({ result: 5, speed: 4, attitude: 5, comment: '王书记很耐心' });
    expect(rated.can.rate).toBe(false);
    expect(await codeOf(uc.rateCase(deps, zhang, v.id, { result: 5, speed: 5, attitude: 5, comment: '' }))).toBe('CASE_NOT_OPEN'); // "已经评价过了"
    deps.clock.set(bj('2026-12-03 10:01'));
    expect(await codeOf(uc.reopenCase(deps, zhang, v.id, '又漏了'))).toBe('CASE_NOT_REOPENABLE');
  });
});

describe('content security', () => {
  it('refuses risky text and stores nothing; holds "review" for the office', async () => {
    const deps = setup();
    expect(await codeOf(uc.submitCase(deps, zhang, { ...pipe, description: '这里有人赌博，快来管管' }))).toBe('CONTENT_RISKY');
    expect(deps.cases.byId.size).toBe(0);
    const held = await uc.submitCase(deps, zhang, { ...pipe, description: '这件事我要投诉到底，请社区处理' });
    expect(held).toMatchObject({ statusText: '已交给社区办公室', routing: { rule: 'held-for-review', reason: '社区办公室先看一下，再安排人办' } });
    expect(deps.messages.all.filter((m) => m.touser === 'o-wu' && m.title.startsWith('待审核'))).toHaveLength(1);
    // A photo is not judged at submit: it is asked for (mediaCheckAsync) and stored as checking (test/core/photo-checks).
    const withPhoto = await uc.submitCase(deps, zhang, { ...pipe, photos: ['cloud://local/photos/r1/risky.jpg'] });
    expect(deps.cases.byId.get(withPhoto.id)!.photos).toMatchObject([
      { check: 'checking', traceId: 'trace:https://files.test/cloud://local/photos/r1/risky.jpg' },
    ]);
  });
});

describe('privacy', () => {
  it('a private case shows pool members only that it exists; the holder, reporter and office see details', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, { ...pipe, categoryId: 'dispute', description: '楼上邻居天天半夜吵闹' });
    const asPool = await uc.getCase(deps, lu, v.id);
    expect(asPool).toMatchObject({ redacted: true, residentName: '（隐私）', contactPhone: '' });
    expect(asPool.description).not.toContain('邻居');
    expect(JSON.stringify(asPool.timeline)).not.toContain('邻居');
    expect((await uc.dutyBoard(deps, lu)).pool[0].description).not.toContain('邻居');
    expect((await uc.getCase(deps, zhang, v.id)).description).toContain('邻居');
    expect((await uc.getCase(deps, wu, v.id)).description).toContain('邻居');
    await uc.claimCase(deps, wang, v.id);
    expect(await uc.getCase(deps, wang, v.id)).toMatchObject({ redacted: false, contactPhone: '13812345678' });
    expect(await codeOf(uc.getCase(deps, li, v.id))).toBe('CASE_NOT_FOUND');
  });
});

describe('notifications', () => {
  it('tells the resident when it is claimed and resolved; without credit the message centre still has it', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, { ...pipe, subscriptions: { TMPL_RESOLVED: 'accept' } });
    await uc.claimCase(deps, wang, v.id);
    await uc.resolveCase(deps, wang, v.id, '换了阀门');
    const mine = deps.messages.all.filter((m) => m.touser === 'r1');
    expect(mine.map((m) => [m.title, m.delivery.status])).toEqual([
      ['您反映的事已收到', 'in-app'], // 受理: the message centre only, no credit spent
      ['书记正在办您反映的事', 'no-credit'],
      ['您反映的事已经办好了', 'sent'],
    ]);
    expect(deps.notifier.sent.filter((m) => m.touser === 'r1')).toHaveLength(1);
    expect((await uc.listMessages(deps, zhang, 0)).unread).toBe(3);
    expect((await uc.markMessagesRead(deps, zhang)).unread).toBe(0);
  });

  it('retries a transient failure with backoff, gives up on a permanent one, believes 43101', async () => {
    const deps = setup();
    await deps.subscriptions.record('r1', { TMPL_PROGRESS: 'accept', TMPL_RESOLVED: 'accept' });
    deps.notifier.next = { ok: false, errCode: -501001, errMsg: 'system busy' };
    const v = await uc.submitCase(deps, zhang, pipe);
    await uc.claimCase(deps, wang, v.id);
    const progress = deps.messages.all.find((m) => m.touser === 'r1' && m.title === '书记正在办您反映的事')!;
    expect(progress.delivery).toMatchObject({ status: 'retrying', attempts: 1, nextAttemptAt: bj('2026-11-26 10:01') });
    expect(await retryDeliveries(deps, bj('2026-11-26 10:00'))).toEqual({ retried: 0, sent: 0, failed: 0 });
    deps.notifier.next = { ok: true };
    expect(await retryDeliveries(deps, bj('2026-11-26 10:01'))).toEqual({ retried: 1, sent: 1, failed: 0 });
    expect(progress.delivery.status).toBe('sent');
    deps.notifier.next = { ok: false, errCode: 43101, errMsg: 'no credit' };
    await uc.resolveCase(deps, wang, v.id, '好了');
    expect(deps.messages.all.at(-1)!.delivery.status).toBe('no-credit');
    expect(deps.subscriptions.ledger.get('r1:TMPL_RESOLVED')).toBe(0);
  });
});
