/**
 * The glossary (types/words.ts) as the views use it: the same case, at each status and for each reason it went to the
 * office, read by its resident (plain words: never 认领, 上报, 超时, SLA) and by staff (their working words); and the
 * office's 指派 told to the resident in the message centre.
 */
import type { CaseView } from '../../types/domain';
import type { StatusKey } from '../../types/words';
import { RESIDENT_OFFICE_WORDS, STATUS_PHRASES, STATUS_WORDS, TIMELINE_TAGS, residentEscalation, statusKey } from '../../types/words';
import { fitField } from '../../cloudfunctions/core/messages';
import * as uc from '../../cloudfunctions/core/usecases';
import { aMember, aPerson, bj, fakeDeps } from '../fakes';

const JARGON = /认领|上报|超时|SLA/;
const zhang = aPerson({ id: 'r1', name: '张阿姨', phone: '13812345678' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const chen = aPerson({ id: 'o-chen', role: 'office', name: '陈晓燕' });
const people = [zhang, wang, lu, wu, chen];
const pipe = { categoryId: 'repair', description: '水管爆裂一直漏水', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };
type Deps = ReturnType<typeof fakeDeps>;
const setup = (at = '2026-11-26 10:00', who = people) => fakeDeps({ now: bj(at), people: who });

/** Everything of a case view the resident reads as words. */
const wordsOf = (v: CaseView) => [v.statusText, v.routing.reason, v.expectation?.text ?? '', ...v.timeline.map((t) => t.text)];

/** Each status, and each way to the office: how to get there (returns the case id), and what it is. */
const scenarios: Array<[string, StatusKey, (deps: Deps) => Promise<string>]> = [
  ['waiting in the pool', 'pending-studio', async (deps) => (await uc.submitCase(deps, zhang, pipe)).id],
  [
    'put back in the pool by its holder',
    'pending-studio',
    async (deps) => {
      const { id } = await uc.submitCase(deps, zhang, pipe);
      await uc.claimCase(deps, wang, id);
      await uc.releaseCase(deps, wang, id, '今天走不开');
      return id;
    },
  ],
  [
    'claimed by a member',
    'claimed-studio',
    async (deps) => {
      const { id } = await uc.submitCase(deps, zhang, pipe);
      await uc.claimCase(deps, wang, id);
      return id;
    },
  ],
  [
    'resolved',
    'resolved',
    async (deps) => {
      const { id } = await uc.submitCase(deps, zhang, pipe);
      await uc.claimCase(deps, wang, id);
      await uc.resolveCase(deps, wang, id, '换了阀门');
      return id;
    },
  ],
  [
    'withdrawn',
    'cancelled',
    async (deps) => {
      const { id } = await uc.submitCase(deps, zhang, pipe);
      await uc.cancelCase(deps, zhang, id, '自己修好了');
      return id;
    },
  ],
  [
    'escalated by a member',
    'pending-office',
    async (deps) => {
      const { id } = await uc.submitCase(deps, zhang, pipe);
      await uc.escalateCase(deps, lu, id, '公共管道，要物业出面');
      return id;
    },
  ],
  [
    'nobody claimed it in time',
    'pending-office',
    async (deps) => {
      const { id } = await uc.submitCase(deps, zhang, pipe);
      deps.clock.set(bj('2026-11-26 10:31'));
      await uc.sweepOverdue(deps);
      return id;
    },
  ],
  [
    'not resolved in time',
    'pending-office',
    async (deps) => {
      const { id } = await uc.submitCase(deps, zhang, pipe);
      await uc.claimCase(deps, wang, id);
      deps.clock.set(bj('2026-11-26 14:31'));
      await uc.sweepOverdue(deps);
      return id;
    },
  ],
  [
    'reopened a second time',
    'pending-office',
    async (deps) => {
      const { id } = await uc.submitCase(deps, zhang, pipe);
      await uc.claimCase(deps, wang, id);
      await uc.resolveCase(deps, wang, id, '换了阀门');
      await uc.reopenCase(deps, zhang, id, '又漏了');
      await uc.resolveCase(deps, wang, id, '又换了一次');
      await uc.reopenCase(deps, zhang, id, '还是漏');
      return id;
    },
  ],
  ['an office-only category', 'pending-office', async (deps) => (await uc.submitCase(deps, zhang, { ...pipe, categoryId: 'certificate' })).id],
  ['an emergency', 'pending-office', async (deps) => (await uc.submitCase(deps, zhang, { ...pipe, categoryId: 'hazard' })).id],
  [
    'urgent outside duty hours',
    'pending-office',
    async (deps) => {
      deps.clock.set(bj('2026-11-26 19:00'));
      return (await uc.submitCase(deps, zhang, { ...pipe, urgent: true })).id;
    },
  ],
  ['held for review', 'pending-office', async (deps) => (await uc.submitCase(deps, zhang, { ...pipe, description: '这件事我要投诉到底，请社区处理' })).id],
  [
    'taken by the office',
    'claimed-office',
    async (deps) => {
      const { id } = await uc.submitCase(deps, zhang, { ...pipe, categoryId: 'certificate' });
      await uc.assignCase(deps, wu, id, 'o-chen');
      return id;
    },
  ],
  [
    'resolved by the office',
    'resolved',
    async (deps) => {
      const { id } = await uc.submitCase(deps, zhang, pipe);
      await uc.escalateCase(deps, lu, id, '公共管道，要物业出面');
      await uc.resolveCase(deps, wu, id, '物业换了总管');
      return id;
    },
  ],
  [
    'refused by the office',
    'rejected',
    async (deps) => {
      const { id } = await uc.submitCase(deps, zhang, pipe);
      await uc.escalateCase(deps, lu, id, '说不清楚');
      await uc.rejectCase(deps, wu, id, '重复反映，已在另一件里办');
      return id;
    },
  ],
];

describe('the same case, read by its resident and by staff', () => {
  it.each(scenarios)('%s: the resident reads plain words, staff their working words', async (_name, key, reach) => {
    const deps = setup();
    const id = await reach(deps);
    const mine = await uc.getCase(deps, zhang, id);
    const staff = await uc.getCase(deps, wu, id);
    expect(statusKey(mine.status, mine.routing.target)).toBe(key);
    expect(mine).toMatchObject({ audience: 'resident', statusText: STATUS_WORDS.resident[key] });
    expect(staff).toMatchObject({ audience: 'staff', statusText: STATUS_WORDS.staff[key] });
    for (const w of wordsOf(mine)) expect(w).not.toMatch(JARGON);
    // 「我反映的」 says the same as the case page.
    expect((await uc.listMyCases(deps, zhang)).cases.find((c) => c.id === id)).toMatchObject({ audience: 'resident', statusText: mine.statusText });
    // Every message the resident got says it in the same plain words.
    for (const m of deps.messages.all.filter((x) => x.touser === zhang.id)) expect(`${m.title}${m.text}`).not.toMatch(JARGON);
  });

  it('a member sees 等待认领 on the duty board and on the case; the resident 「等工作室的书记接手」', async () => {
    const deps = setup();
    const { id } = await uc.submitCase(deps, zhang, pipe);
    const board = await uc.dutyBoard(deps, wang);
    expect(board.pool.find((c) => c.id === id)).toMatchObject({ statusText: '等待认领', audience: 'staff' });
    expect(await uc.getCase(deps, wang, id)).toMatchObject({ statusText: '等待认领', expectation: { text: '预计11月26日 10:30前有人认领' } });
    expect(await uc.getCase(deps, zhang, id)).toMatchObject({ statusText: '等工作室的书记接手', expectation: { text: '预计11月26日 10:30前有书记接手' } });
  });

  it('why it went to the office, as the resident reads it', async () => {
    const reasonOf = async (reach: (deps: Deps) => Promise<string>, who = people) => {
      const deps = setup('2026-11-26 10:00', who);
      return (await uc.getCase(deps, zhang, await reach(deps))).routing.reason;
    };
    const byName = Object.fromEntries(scenarios.map(([name, , reach]) => [name, reach]));
    expect(await reasonOf(byName['nobody claimed it in time'])).toBe('值班的书记没能及时接手，已交给社区办公室');
    expect(await reasonOf(byName['not resolved in time'])).toBe('书记没能及时办好，已交给社区办公室接着办');
    expect(await reasonOf(byName['escalated by a member'])).toBe('陆建国交给社区办公室来办：公共管道，要物业出面');
    expect(await reasonOf(byName['reopened a second time'])).toBe('您又反映了一次，已交给社区办公室');
    expect(await reasonOf(byName['an office-only category'])).toBe('证明需社区出具，已交给社区办公室');
    expect(await reasonOf(byName['an emergency'])).toBe('紧急情况，已交给社区办公室马上处理，也告诉了值班的书记');
    expect(await reasonOf(byName['urgent outside duty hours'])).toBe(RESIDENT_OFFICE_WORDS['urgent-off-hours']);
    expect(await reasonOf(byName['held for review'])).toBe('社区办公室先看一下，再安排人办');
    // Nobody in the studio at all: 「都不在」, not 「不在岗，已上报社区」.
    expect(await reasonOf(byName['waiting in the pool'], [zhang, wu])).toBe('值班的书记都不在，已交给社区办公室');
  });

  it('the steps in the resident’s words: 接手, 办好了, 暂时办不了, 不能办 — staff keep theirs', async () => {
    const deps = setup();
    const { id } = await uc.submitCase(deps, zhang, pipe);
    await uc.claimCase(deps, wang, id);
    await uc.releaseCase(deps, wang, id, '今天走不开');
    await uc.claimCase(deps, lu, id);
    await uc.resolveCase(deps, lu, id, '换了阀门');
    const steps = (v: CaseView) => v.timeline.slice(2).map((t) => t.text);
    expect(steps(await uc.getCase(deps, zhang, id))).toEqual([
      '王思瑛接手了这件事',
      '王思瑛暂时办不了，请其他书记接手：今天走不开',
      '陆建国接手了这件事',
      '陆建国办好了：换了阀门',
    ]);
    expect(steps(await uc.getCase(deps, wu, id))).toEqual(['王思瑛认领了这件事', '王思瑛放回待认领：今天走不开', '陆建国认领了这件事', '陆建国办结：换了阀门']);
    const refused = await uc.submitCase(deps, zhang, { ...pipe, categoryId: 'certificate' });
    await uc.rejectCase(deps, wu, refused.id, '重复反映');
    expect((await uc.getCase(deps, zhang, refused.id)).timeline.at(-1)?.text).toBe('社区说明了不能办的原因：重复反映');
  });
});

describe('the glossary itself', () => {
  it('no resident word says 认领, 上报, 超时 or SLA; staff keep 等待认领 (the name of their button)', () => {
    const resident = [
      ...Object.values(STATUS_WORDS.resident),
      ...Object.values(STATUS_PHRASES),
      ...Object.values(RESIDENT_OFFICE_WORDS),
      ...Object.values(TIMELINE_TAGS.resident),
      ...(['manual', 'claim-sla', 'resolve-sla', 'reopen', 'no-duty'] as const).map((t) => residentEscalation(t, null, null)),
    ];
    for (const w of resident) expect(w).not.toMatch(JARGON);
    expect(STATUS_WORDS.staff['pending-studio']).toBe('等待认领');
  });

  it('the short forms fit WeChat’s phrase field as they are (≤ 5 Chinese characters)', () => {
    for (const p of Object.values(STATUS_PHRASES)) expect(fitField('phrase3', p)).toBe(p);
  });
});

describe('the office’s 指派, told to the resident', () => {
  it('the first taking: 「社区正在办」 with who; a change of colleague: the message centre only; no reporter details to anyone', async () => {
    const deps = setup();
    await deps.subscriptions.record('r1', { TMPL_PROGRESS: 'accept' });
    const v = await uc.submitCase(deps, zhang, { ...pipe, categoryId: 'certificate', description: '要开居住证明，张阿姨家' });
    await uc.assignCase(deps, wu, v.id, 'o-wu');
    await uc.assignCase(deps, wu, v.id, 'o-chen');
    const told = deps.messages.all.filter((m) => m.touser === 'r1' && m.caseId === v.id);
    expect(told.map((m) => [m.title, m.text, m.delivery.status])).toEqual([
      ['您反映的事已收到', `「开具证明」已收到，事项编号${v.code}，由社区办公室处理。有人接手时会通知您`, 'in-app'],
      ['社区正在办您反映的事', '「开具证明」社区的吴霞在办，有进展会告诉您', 'sent'],
      ['您反映的事换人处理了', '「开具证明」改由社区的陈晓燕来办', 'in-app'],
    ]);
    // WeChat: the category only (private), the glossary's short form.
    const [sent] = deps.notifier.sent.filter((m) => m.touser === 'r1');
    expect(sent.data).toMatchObject({ thing2: { value: '开具证明' }, phrase3: { value: '社区正在办' } });
    // The private case's details reach nobody through these messages: not the resident's name, words or place.
    for (const m of deps.messages.all.filter((x) => x.caseId === v.id)) expect(`${m.title}${m.text}`).not.toMatch(/张阿姨|居住证明|2幢|302/);
    expect(await uc.getCase(deps, zhang, v.id)).toMatchObject({ statusText: '社区正在办', holderText: '陈晓燕' });
  });
});
