import { claim, openCase, resolve, statusText } from '../../cloudfunctions/core/Case';
import type { RoutingDecision } from '../../cloudfunctions/core/Case';
import { DomainError } from '../../cloudfunctions/core/errors';

const studio: RoutingDecision = { target: 'studio', rule: 'on-duty', groupId: 'g2', alertGroupId: null, preferredMemberIds: [], reason: '由第二组值班成员处理：王思瑛等' };
const t0 = new Date('2026-11-27T02:00:00Z');
const t1 = new Date('2026-11-27T02:10:00Z');
const wang = { id: 'm-wang', name: '王思瑛' };
const lu = { id: 'm-lu', name: '陆建国' };

const aCase = (routing = studio) =>
  openCase({
    id: 'c1',
    code: 'ABC234',
    reporter: { id: 'r1', name: '张阿姨' },
    categoryId: 'repair',
    description: '水管爆裂一直漏水',
    place: { compoundId: 'hongqiao', building: '2幢', unit: '302' },
    contactPhone: '13812345678',
    routing,
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
    expect(statusText(c)).toBe('等待认领');
  });

  it('is claimed by one member, version bumped, history appended', () => {
    const c = claim(aCase(), wang, t1);
    expect(c.status).toBe('claimed');
    expect(c.holder).toEqual(wang);
    expect(c.version).toBe(1);
    expect(c.timeline.at(-1)).toMatchObject({ kind: 'claimed', by: wang });
    expect(statusText(c)).toBe('处理中');
  });

  it('refuses a second claim, naming who holds it', () => {
    const c = claim(aCase(), wang, t1);
    expect(codeOf(() => claim(c, lu, t1))).toBe('CASE_ALREADY_CLAIMED');
    expect(() => claim(c, lu, t1)).toThrow('王思瑛');
  });

  it('cannot be claimed when it was routed to the office', () => {
    const office: RoutingDecision = { ...studio, target: 'office', rule: 'office-only', groupId: null };
    expect(codeOf(() => claim(aCase(office), wang, t1))).toBe('CASE_NOT_CLAIMABLE');
    expect(statusText(aCase(office))).toBe('已上报社区');
  });

  it('is resolved by its holder with a note', () => {
    const c = resolve(claim(aCase(), wang, t1), wang, '  已联系物业换了阀门 ', t1);
    expect(c.status).toBe('resolved');
    expect(c.resolution).toEqual({ note: '已联系物业换了阀门', by: wang, at: t1 });
    expect(c.version).toBe(2);
    expect(statusText(c)).toBe('已办结');
  });

  it('is not resolved by someone else, without a note, or twice', () => {
    const claimed = claim(aCase(), wang, t1);
    expect(codeOf(() => resolve(claimed, lu, '好了', t1))).toBe('NOT_CASE_HOLDER');
    expect(codeOf(() => resolve(aCase(), wang, '好了', t1))).toBe('NOT_CASE_HOLDER');
    expect(codeOf(() => resolve(claimed, wang, '   ', t1))).toBe('INVALID_INPUT');
    const done = resolve(claimed, wang, '好了', t1);
    expect(codeOf(() => resolve(done, wang, '好了', t1))).toBe('CASE_ALREADY_RESOLVED');
    expect(codeOf(() => claim(done, lu, t1))).toBe('CASE_ALREADY_RESOLVED');
  });

  it('never mutates the case it was given', () => {
    const c = aCase();
    const before = JSON.stringify(c);
    resolve(claim(c, wang, t1), wang, '好了', t1);
    expect(JSON.stringify(c)).toBe(before);
  });
});
