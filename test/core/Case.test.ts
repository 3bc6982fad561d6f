import { claim, escalate, openCase, recategorise, reopen, resolve, responsibleParty, returnToStudio, statusText } from '../../cloudfunctions/core/Case';
import type { RoutingDecision } from '../../cloudfunctions/core/Case';
import { DomainError } from '../../cloudfunctions/core/errors';
import { aRouting } from '../fakes';

const studio = aRouting({ expectedBy: new Date('2026-11-27T02:30:00Z') });
const t0 = new Date('2026-11-27T02:00:00Z');
const t1 = new Date('2026-11-27T02:10:00Z');
const due = new Date('2026-11-27T06:10:00Z');
const wang = { id: 'm-wang', name: '王思瑛' };
const lu = { id: 'm-lu', name: '陆建国' };
const zhang = { id: 'r1', name: '张阿姨' };
const wu = { id: 'o-wu', name: '吴霞' };

const aCase = (routing = studio) =>
  openCase({
    id: 'c1',
    code: 'ABC234',
    reporter: zhang,
    categoryId: 'repair',
    description: '水管爆裂一直漏水',
    place: { compoundId: 'hongqiao', building: '2幢', unit: '302' },
    contactPhone: '13812345678',
    routing,
    urgent: false,
    filedFor: null,
    now: t0,
  });

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as DomainError).code;
  }
  return 'NO_ERROR';
};

describe('case lifecycle', () => {
  it('opens pending with the routing reason in its timeline', () => {
    const c = aCase();
    expect(c.status).toBe('pending');
    expect(c.version).toBe(0);
    expect(c.timeline.map((t) => t.kind)).toEqual(['submitted', 'routed']);
    expect(c.timeline[1].text).toBe(studio.reason);
    expect(statusText(c, 'staff')).toBe('等待认领');
    expect(statusText(c, 'resident')).toBe('等工作室的书记接手');
    expect(responsibleParty(c)).toEqual({ kind: 'pool', groupId: 'g2' });
  });

  it('is claimed by one member, version bumped, history appended', () => {
    const c = claim(aCase(), wang, t1, due);
    expect(c.status).toBe('claimed');
    expect(c.holder).toEqual(wang);
    expect(c.resolveDueAt).toEqual(due);
    expect(c.version).toBe(1);
    expect(c.timeline.at(-1)).toMatchObject({ kind: 'claimed', by: wang });
    expect(statusText(c, 'staff')).toBe('处理中');
    expect(statusText(c, 'resident')).toBe('书记正在办');
    expect(responsibleParty(c)).toEqual({ kind: 'person', id: 'm-wang' });
  });

  it('refuses a second claim, naming who holds it', () => {
    const c = claim(aCase(), wang, t1, due);
    expect(codeOf(() => claim(c, lu, t1, due))).toBe('CASE_ALREADY_CLAIMED');
    expect(() => claim(c, lu, t1, due)).toThrow('王思瑛');
  });

  it('cannot be claimed when it was routed to the office', () => {
    const office: RoutingDecision = { ...studio, target: 'office', rule: 'office-only', groupId: null };
    expect(codeOf(() => claim(aCase(office), wang, t1, due))).toBe('CASE_NOT_CLAIMABLE');
    expect(statusText(aCase(office), 'staff')).toBe('已上报社区');
    expect(statusText(aCase(office), 'resident')).toBe('已交给社区办公室');
    expect(responsibleParty(aCase(office))).toEqual({ kind: 'office' });
  });

  it('is resolved by its holder with a note', () => {
    const c = resolve(claim(aCase(), wang, t1, due), wang, '  已联系物业换了阀门 ', t1);
    expect(c.status).toBe('resolved');
    expect(c.resolution).toEqual({ note: '已联系物业换了阀门', by: wang, at: t1 });
    expect(c.version).toBe(2);
    expect(statusText(c, 'staff')).toBe('已办结');
    expect(statusText(c, 'resident')).toBe('已经办好了');
    expect(responsibleParty(c)).toBeNull();
  });

  it('is not resolved by someone else, without a note, or twice', () => {
    const claimed = claim(aCase(), wang, t1, due);
    expect(codeOf(() => resolve(claimed, lu, '好了', t1))).toBe('NOT_CASE_HOLDER');
    expect(codeOf(() => resolve(aCase(), wang, '好了', t1))).toBe('NOT_CASE_HOLDER');
    expect(codeOf(() => resolve(claimed, wang, '   ', t1))).toBe('INVALID_INPUT');
    const done = resolve(claimed, wang, '好了', t1);
    expect(codeOf(() => resolve(done, wang, '好了', t1))).toBe('CASE_ALREADY_RESOLVED');
    expect(codeOf(() => claim(done, lu, t1, due))).toBe('CASE_ALREADY_RESOLVED');
  });

  it('never mutates the case it was given', () => {
    const c = aCase();
    const before = JSON.stringify(c);
    resolve(claim(c, wang, t1, due), wang, '好了', t1);
    escalate(c, { trigger: 'manual', by: lu, reason: '要物业配合' }, t1, due);
    expect(JSON.stringify(c)).toBe(before);
  });
});

describe('escalation', () => {
  it('moves a pool case to the office with who, why and what triggered it', () => {
    const c = escalate(aCase(), { trigger: 'manual', by: lu, reason: '需要社区协调物业' }, t1, due);
    expect(c).toMatchObject({
      status: 'pending',
      version: 1,
      routing: { target: 'office', rule: 'escalated', reason: '已上报社区：需要社区协调物业', expectedBy: due },
    });
    expect(c.timeline.at(-1)).toEqual({
      at: t1,
      kind: 'escalated',
      text: '陆建国上报社区：需要社区协调物业',
      by: lu,
      trigger: 'manual',
      detail: '需要社区协调物业',
    });
    expect(responsibleParty(c)).toEqual({ kind: 'office' });
  });

  it('takes a claimed case from its holder', () => {
    const c = escalate(claim(aCase(), wang, t1, due), { trigger: 'resolve-sla', by: null, reason: '认领后240分钟值班时间内未办结' }, t1, due);
    expect(c.status).toBe('pending');
    expect('holder' in c).toBe(false);
    expect(c.timeline.at(-1)?.text).toBe('系统超时未办结，自动上报社区：认领后240分钟值班时间内未办结');
  });

  it('needs a reason, refuses cases already at the office or resolved, and SLA triggers only in their state', () => {
    expect(codeOf(() => escalate(aCase(), { trigger: 'manual', by: lu, reason: ' ' }, t1, due))).toBe('INVALID_INPUT');
    const atOffice = escalate(aCase(), { trigger: 'manual', by: lu, reason: 'x' }, t1, due);
    expect(codeOf(() => escalate(atOffice, { trigger: 'manual', by: lu, reason: 'x' }, t1, due))).toBe('CASE_NOT_ESCALATABLE');
    const done = resolve(claim(aCase(), wang, t1, due), wang, '好了', t1);
    expect(codeOf(() => escalate(done, { trigger: 'manual', by: wang, reason: 'x' }, t1, due))).toBe('CASE_ALREADY_RESOLVED');
    expect(codeOf(() => escalate(claim(aCase(), wang, t1, due), { trigger: 'claim-sla', by: null, reason: 'x' }, t1, due))).toBe('CASE_NOT_ESCALATABLE');
    expect(codeOf(() => escalate(aCase(), { trigger: 'resolve-sla', by: null, reason: 'x' }, t1, due))).toBe('CASE_NOT_ESCALATABLE');
  });
});

describe('reopen', () => {
  const done = () => resolve(claim(aCase(), wang, t1, due), wang, '好了', t1);

  it('goes back to the same holder the first time', () => {
    const c = reopen(done(), zhang, '还在漏', t1, { resolveDueAt: due, officeExpectedBy: due });
    expect(c).toMatchObject({ status: 'claimed', holder: wang, reopenCount: 1, resolveDueAt: due });
    expect(c.timeline.at(-1)).toMatchObject({ kind: 'reopened', trigger: 'reopen', text: '居民重新反映：还在漏（退回王思瑛继续处理）' });
  });

  it('goes up to the office the second time', () => {
    const again = resolve(reopen(done(), zhang, '还在漏', t1, { resolveDueAt: due, officeExpectedBy: due }), wang, '又修了', t1);
    const c = reopen(again, zhang, '还是漏', t1, { resolveDueAt: due, officeExpectedBy: due });
    expect(c).toMatchObject({ status: 'pending', reopenCount: 2, routing: { target: 'office', rule: 'escalated' } });
    expect(c.timeline.slice(-2).map((t) => t.kind)).toEqual(['reopened', 'escalated']);
    expect(c.version).toBe(again.version + 1);
  });

  it('is only for the reporter of a resolved case, with a reason', () => {
    expect(codeOf(() => reopen(aCase(), zhang, 'x', t1, { resolveDueAt: due, officeExpectedBy: due }))).toBe('CASE_NOT_REOPENABLE');
    expect(codeOf(() => reopen(done(), lu, 'x', t1, { resolveDueAt: due, officeExpectedBy: due }))).toBe('CASE_NOT_REOPENABLE');
    expect(codeOf(() => reopen(done(), zhang, '', t1, { resolveDueAt: due, officeExpectedBy: due }))).toBe('INVALID_INPUT');
  });
});

describe('office return and recategorise', () => {
  const atOffice = () => escalate(aCase(), { trigger: 'manual', by: lu, reason: '需要协调' }, t1, due);

  it('returns an office case to a studio pool with the note', () => {
    const c = returnToStudio(atOffice(), wu, '工作室能处理', { ...studio, rule: 'office-return' }, t1);
    expect(c).toMatchObject({ status: 'pending', routing: { target: 'studio', groupId: 'g2', rule: 'office-return' } });
    expect(c.routing.reason).toContain('社区退回工作室：工作室能处理');
    expect(c.timeline.at(-1)).toMatchObject({ kind: 'returned', by: wu });
    expect(codeOf(() => returnToStudio(aCase(), wu, 'x', studio, t1))).toBe('CASE_NOT_AT_OFFICE');
  });

  it('recategorises a waiting case, keeping the old routing in the timeline', () => {
    const office: RoutingDecision = { ...studio, target: 'office', rule: 'office-only', groupId: null, reason: '已上报社区：证明需社区出具' };
    const c = recategorise(aCase(), wu, { id: 'certificate', name: '开具证明' }, '其实是要开证明', office, t1);
    expect(c).toMatchObject({ categoryId: 'certificate', routing: office, version: 1 });
    expect(c.timeline.map((t) => t.kind)).toEqual(['submitted', 'routed', 'recategorised', 'routed']);
    expect(c.timeline[1].text).toBe(studio.reason);
    expect(codeOf(() => recategorise(claim(aCase(), wang, t1, due), wu, { id: 'x', name: 'x' }, 'x', office, t1))).toBe('CASE_NOT_CLAIMABLE');
  });
});
