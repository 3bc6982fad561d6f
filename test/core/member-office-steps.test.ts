/**
 * Issue 12 (duty members and the office), in-memory ports: 「我经手的」 lists what a member filed for a resident; no
 * 催一催 of one's own group's work; the pool sees nothing false about a private case's phone; the office resolves an
 * escalated case straight from its queue; a case assigned to a named colleague alerts them and is in their 「交给我的」.
 */
import {
  assignCase,
  claimCase,
  dutyBoard,
  escalateCase,
  getCase,
  handledCases,
  officeQueues,
  resolveCase,
  submitCase,
  submitOnBehalf,
  urgeCase,
} from '../../cloudfunctions/core/usecases';
import { resolveAtOffice } from '../../cloudfunctions/core/Case';
import type { Case } from '../../cloudfunctions/core/Case';
import type { DomainError } from '../../cloudfunctions/core/errors';
import { aMember, aPerson, bj, fakeDeps } from '../fakes';

const resident = aPerson({ id: 'r1', name: '张阿姨', phone: '13812345678' });
const wang = aMember('m-wang', 'g2', '王思瑛');
const lu = aMember('m-lu', 'g2', '陆建国');
const cheng = aMember('m-cheng', 'g1', '程璇');
const wu = aPerson({ id: 'o1', role: 'office', name: '吴霞' });
const zhou = aPerson({ id: 'o2', role: 'office', name: '周明' });
const people = [resident, wang, lu, cheng, wu, zhou];
const ON_DUTY_G2 = bj('2026-11-26 10:00');

const place = { compoundId: 'hongqiao', building: '2幢', unit: '302' };
const pipe = { categoryId: 'repair', description: '水管爆裂一直漏水', place };
const forResident = { ...pipe, residentName: '张大爷', residentPhone: '13800001111', urgent: false };
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'NO_ERROR',
    (e: DomainError) => e.code,
  );

describe('members', () => {
  it('「我经手的」 lists a case the member filed for a resident, with the filing as their step', async () => {
    const deps = fakeDeps({ now: ON_DUTY_G2, people });
    const filed = await submitOnBehalf(deps, wang, forResident);
    const rows = (await handledCases(deps, wang)).cases;
    expect(rows.map((r) => r.id)).toEqual([filed.id]);
    expect(rows[0].myStep).toMatchObject({ kind: 'filed', text: '王思瑛为张大爷代办登记' });
    expect((await handledCases(deps, lu)).cases).toEqual([]);
    // A later escalation by the same member is their step then.
    await claimCase(deps, wang, filed.id);
    await escalateCase(deps, wang, filed.id, '需要社区出面');
    expect((await handledCases(deps, wang)).cases[0].myStep.kind).toBe('escalated');
  });

  it('an off-duty member sees the pool of the group on duty, and cannot claim from it', async () => {
    const deps = fakeDeps({ now: ON_DUTY_G2, people });
    const v = await submitCase(deps, resident, pipe);
    const board = await dutyBoard(deps, cheng);
    expect(board.pool.map((c) => c.id)).toEqual([v.id]);
    expect(board.duty).toMatchObject({ groupName: '第二组', me: { onDuty: false, cannotClaimBecause: '现在不是您组的值班时间，不能认领' } });
  });

  it('no 催一催 of a case one filed while one’s own group has it; a member of another group may', async () => {
    const deps = fakeDeps({ now: ON_DUTY_G2, people });
    const own = await submitOnBehalf(deps, wang, forResident); // waits in group 2's pool: 王思瑛's own group
    expect(own.can.urge).toBe(false);
    expect(await codeOf(urgeCase(deps, wang, own.id))).toBe('FORBIDDEN');
    await claimCase(deps, lu, own.id); // held by a colleague of group 2
    expect((await getCase(deps, wang, own.id)).can.urge).toBe(false);

    const elsewhere = await submitOnBehalf(deps, cheng, forResident); // 程璇 is group 1: group 2 has it
    expect(elsewhere.can.urge).toBe(true);
  });

  it('a private case: the pool gets no phone, the holder the whole number', async () => {
    const deps = fakeDeps({ now: ON_DUTY_G2, people });
    const v = await submitCase(deps, resident, { ...pipe, categoryId: 'dispute' });
    expect(await getCase(deps, lu, v.id)).toMatchObject({ redacted: true, contactPhone: '', can: { claim: true } });
    expect((await claimCase(deps, wang, v.id)).contactPhone).toBe('13812345678');
  });
});

describe('the office', () => {
  it('resolves an escalated case straight from the queue, becoming its holder', async () => {
    const deps = fakeDeps({ now: ON_DUTY_G2, people });
    const v = await submitCase(deps, resident, pipe);
    await claimCase(deps, wang, v.id);
    const up = await escalateCase(deps, wang, v.id, '要换整栋楼的水管');
    expect(up).toMatchObject({ status: 'pending', routing: { target: 'office' } });
    expect((await getCase(deps, wu, v.id)).can.resolve).toBe(true);
    expect((await getCase(deps, wang, v.id)).can.resolve).toBe(false);
    expect(await codeOf(resolveCase(deps, wang, v.id, '好了'))).toBe('FORBIDDEN');

    const done = await resolveCase(deps, wu, v.id, '社区请人换了水管');
    expect(done).toMatchObject({ status: 'resolved', holder: { id: 'o1', name: '吴霞' }, resolution: { note: '社区请人换了水管', by: { id: 'o1' } } });
    expect(done.timeline.slice(-2).map((t) => t.kind)).toEqual(['assigned', 'resolved']);
    expect(deps.messages.all.filter((m) => m.touser === 'r1' && m.caseId === v.id).length).toBeGreaterThan(0);
    expect(await codeOf(resolveCase(deps, zhou, v.id, '又办了一次'))).not.toBe('NO_ERROR');
  });

  it('resolveAtOffice: only a case waiting at the office, with words', () => {
    const by = { id: 'o1', name: '吴霞' };
    const studio: Case = {
      id: 'c',
      code: 'X',
      version: 1,
      status: 'pending',
      reporter: { id: 'r1', name: '张阿姨' },
      categoryId: 'repair',
      description: 'd',
      place,
      contactPhone: '',
      createdAt: ON_DUTY_G2,
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
      timeline: [],
      effects: [],
      followers: [],
      mergedFrom: [],
      routing: { target: 'studio', rule: 'on-duty', groupId: 'g2', alertGroupId: null, preferredMemberIds: [], reason: '', expectedBy: null },
    } as Case;
    expect(() => resolveAtOffice(studio, by, '好了', ON_DUTY_G2)).toThrow(/工作室/);
    const atOffice = { ...studio, routing: { ...studio.routing, target: 'office', groupId: null } } as Case;
    expect(() => resolveAtOffice(atOffice, by, ' ', ON_DUTY_G2)).toThrow(/办理结果/);
    expect(resolveAtOffice(atOffice, by, '好了', ON_DUTY_G2)).toMatchObject({ status: 'resolved', holder: by, version: 2 });
  });

  it('assigns to a named colleague: 「我」 is marked, the colleague is alerted and finds it in 「交给我的」', async () => {
    const deps = fakeDeps({ now: ON_DUTY_G2, people });
    const v = await submitCase(deps, resident, { ...pipe, categoryId: 'certificate' });
    const seen = await getCase(deps, wu, v.id);
    expect(seen.assignees[0]).toEqual({ id: 'o1', name: '吴霞（我）' });
    expect(seen.assignees.map((p) => p.name)).toContain('周明');

    const before = deps.messages.all.filter((m) => m.touser === 'o2').length;
    await assignCase(deps, wu, v.id, 'o2');
    const told = deps.messages.all.filter((m) => m.touser === 'o2');
    expect(told).toHaveLength(before + 1);
    expect(told.at(-1)).toMatchObject({ caseId: v.id, title: expect.stringContaining('转交给您') });

    expect((await officeQueues(deps, zhou, 'escalated', 0)).mine.map((c) => c.id)).toEqual([v.id]);
    expect((await officeQueues(deps, wu, 'escalated', 0)).mine).toEqual([]);

    // Taking a case oneself alerts nobody.
    const w = await submitCase(deps, resident, { ...pipe, categoryId: 'certificate' });
    const staffTold = () => deps.messages.all.filter((m) => m.caseId === w.id && m.touser === 'o1').length;
    const n = staffTold();
    await assignCase(deps, wu, w.id, 'o1');
    expect(staffTold()).toBe(n);
    expect((await officeQueues(deps, wu, 'open', 0)).mine.map((c) => c.id)).toEqual([w.id]);
  });
});
