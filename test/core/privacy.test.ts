/**
 * Private categories (邻里纠纷, 开具证明): who reported it is for the reporter, the holder and the office only. Cases are
 * built with the core's own transitions and viewed with views.ts, as a pool member, a former holder, the reporter,
 * the holder and the office; the whole serialized view must not carry the reporter's openid, name or phone.
 * Also: photos are accepted only from the caller's own folder (photos.ts).
 */
import fc from 'fast-check';
import type { Actor, Case } from '../../cloudfunctions/core/Case';
import { cancel, claim, confirmSolved, openCase, rate, reopen, resolve, urge } from '../../cloudfunctions/core/Case';
import type { Person } from '../../cloudfunctions/core/community';
import { ownsPhoto, photoCloudPath } from '../../cloudfunctions/core/photos';
import { photoCloudPath as clientPhotoPath } from '../../src/services/photo-path';
import type { Situation } from '../../cloudfunctions/core/permissions';
import { seesPrivateDetails } from '../../cloudfunctions/core/permissions';
import { PRIVATE_PLACEHOLDER, toView } from '../../cloudfunctions/core/views';
import { aCommunity, aMember, aPerson, aRouting, bj } from '../fakes';

const zhang = aPerson({ id: 'o-resident-zhang', name: '张阿姨', phone: '13812345678' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const actor = (p: Person): Actor => ({ id: p.id, name: p.name });
const at = (local: string): Situation => ({ community: aCommunity(), now: bj(local) });

const POOL = aRouting({ preferredMemberIds: [wang.id], expectedBy: bj('2026-11-26 11:00') });

function privateCase(over: { reporter?: Person; filedFor?: { name: string; phone: string } | null; isPrivate?: boolean } = {}): Case {
  const reporter = over.reporter ?? zhang;
  return openCase({
    id: 'case-1',
    code: 'A7K2Q9',
    reporter: actor(reporter),
    categoryId: over.isPrivate === false ? 'repair' : 'dispute',
    description: '楼上邻居天天半夜吵闹',
    place: { compoundId: 'hongqiao', building: '7幢', unit: '401室' },
    contactPhone: over.filedFor ? over.filedFor.phone : reporter.phone,
    routing: POOL,
    urgent: false,
    filedFor: over.filedFor ?? null,
    private: over.isPrivate ?? true,
    photos: [{ fileID: 'cloud://local.golden-key/photos/o-resident-zhang/a.jpg', check: 'passed', traceId: null, askedAt: bj('2026-11-26 10:00') }],
    now: bj('2026-11-26 10:00'),
  });
}

/** Every trace of the resident a viewer without details must not see, found anywhere in the JSON. */
const SECRETS = ['o-resident-zhang', '张阿姨', '13812345678', '5678', '邻居', '7幢', '401室', '还是很吵', '态度很好'];
function leaks(view: unknown, secrets = SECRETS): string[] {
  const json = JSON.stringify(view);
  return secrets.filter((s) => json.includes(s));
}

/** A private case resolved by 王思瑛, confirmed and rated by 张阿姨 (who urged it while waiting). */
function resolvedAndRated(): Case {
  let c: Case = privateCase();
  c = urge(c, actor(zhang), bj('2026-11-26 10:05'));
  c = claim(c, actor(wang), bj('2026-11-26 10:10'), bj('2026-11-26 16:00'));
  c = resolve(c, actor(wang), '上门调解，双方同意晚上十点后不再吵闹', bj('2026-11-26 11:00'));
  c = confirmSolved(c, actor(zhang), bj('2026-11-26 11:30'));
  return rate(c, actor(zhang), { result: 5, speed: 5, attitude: 5, comment: '态度很好' }, bj('2026-11-26 11:31'));
}

describe('a private case, as each viewer sees it', () => {
  it('the pool sees that it exists: the first step has no actor, and nothing names or reaches the resident', () => {
    const c = privateCase();
    expect(seesPrivateDetails(lu, c)).toBe(false);
    const v = toView(c, at('2026-11-26 10:01'), lu, { photoUrls: ['https://files.test/a.jpg'] });
    expect(v).toMatchObject({ redacted: true, residentName: '（隐私）', contactPhone: '', filedFor: null, photos: [], description: PRIVATE_PLACEHOLDER });
    expect(v.timeline[0]).toMatchObject({ kind: 'submitted', by: null, text: PRIVATE_PLACEHOLDER });
    expect(v.place).toEqual({ compoundId: 'hongqiao', building: '', unit: '' });
    expect(v.can.claim).toBe(true);
    expect(leaks(v)).toEqual([]);
  });

  it('the reporter, the office and (after the claim) the holder see who reported it', () => {
    const c = privateCase();
    for (const viewer of [zhang, wu]) {
      const v = toView(c, at('2026-11-26 10:01'), viewer);
      expect(v.redacted).toBe(false);
      expect(v.timeline[0].by).toEqual({ id: zhang.id, name: '张阿姨' });
      expect(v.residentName).toBe('张阿姨');
      expect(v.place).toEqual(c.place);
    }
    const claimed = claim(c, actor(wang), bj('2026-11-26 10:10'), null);
    const asHolder = toView(claimed, at('2026-11-26 10:11'), wang);
    expect(asHolder).toMatchObject({ redacted: false, residentName: '张阿姨', contactPhone: '13812345678', description: '楼上邻居天天半夜吵闹' });
    expect(asHolder.timeline[0].by?.id).toBe(zhang.id);
    // The rest of the pool still sees nothing of her; the claim itself is public within the group.
    const asPool = toView(claimed, at('2026-11-26 10:11'), lu);
    expect(leaks(asPool)).toEqual([]);
    expect(asPool.timeline.map((t) => t.by?.id ?? null)).toEqual([null, null, wang.id]);
  });

  it('every step the reporter took (urge, confirm, rate) is anonymous to the pool; the resolution and the comment are hidden', () => {
    const c = resolvedAndRated();
    const asPool = toView(c, at('2026-11-26 12:00'), lu);
    expect(leaks(asPool)).toEqual([]);
    expect(leaks(asPool, ['上门调解'])).toEqual([]);
    expect(asPool.timeline.map((t) => [t.kind, t.by?.id ?? null])).toEqual([
      ['submitted', null],
      ['routed', null],
      ['urged', null],
      ['claimed', wang.id],
      ['resolved', wang.id],
      ['confirmed', null],
      ['rated', null],
    ]);
    expect(asPool.resolution).toMatchObject({ note: PRIVATE_PLACEHOLDER, by: { id: wang.id } });
    expect(asPool.rating).toEqual({ result: 5, speed: 5, attitude: 5, comment: '' });
    // The holder of the resolved case sees it all.
    const asHolder = toView(c, at('2026-11-26 12:00'), wang);
    expect(asHolder.timeline.filter((t) => t.by?.id === zhang.id).map((t) => t.kind)).toEqual(['submitted', 'urged', 'confirmed', 'rated']);
    expect(asHolder.rating?.comment).toBe('态度很好');
    expect(asHolder.resolution?.note).toContain('上门调解');
  });

  it('a second reopen goes up to the office: the former holder sees neither her name nor her words', () => {
    let c: Case = privateCase();
    c = claim(c, actor(wang), bj('2026-11-26 10:10'), null);
    c = resolve(c, actor(wang), '调解了', bj('2026-11-26 11:00'));
    c = reopen(c, actor(zhang), '还是很吵', bj('2026-11-26 12:00'), { resolveDueAt: null, officeExpectedBy: null });
    c = resolve(c, actor(wang), '又调解了', bj('2026-11-26 13:00'));
    c = reopen(c, actor(zhang), '还是很吵，张阿姨实在受不了', bj('2026-11-26 14:00'), { resolveDueAt: null, officeExpectedBy: bj('2026-11-26 17:00') });
    expect(c).toMatchObject({ status: 'pending', routing: { target: 'office', rule: 'escalated' } });
    const asFormerHolder = toView(c, at('2026-11-26 14:30'), wang);
    expect(asFormerHolder.redacted).toBe(true);
    expect(leaks(asFormerHolder)).toEqual([]);
    const escalated = asFormerHolder.timeline.find((t) => t.kind === 'escalated');
    expect(escalated).toMatchObject({ by: null, text: '居民再次反映，上报社区', trigger: 'reopen' });
    expect(asFormerHolder.routing.reason).toBe('已上报社区：居民再次反映，上报社区');
    // The office sees who and why.
    const asOffice = toView(c, at('2026-11-26 14:30'), wu);
    expect(asOffice.timeline.find((t) => t.kind === 'escalated')?.by?.id).toBe(zhang.id);
    expect(asOffice.routing.reason).toContain('还是很吵');
  });

  it('a cancelled private case: the pool does not learn who withdrew it', () => {
    const c = cancel(privateCase(), actor(zhang), '邻居道歉了', bj('2026-11-26 10:20'));
    const asPool = toView(c, at('2026-11-26 10:30'), lu);
    expect(leaks(asPool)).toEqual([]);
    expect(asPool.timeline.at(-1)).toMatchObject({ kind: 'cancelled', by: null, text: PRIVATE_PLACEHOLDER });
  });

  it('代办: the pool sees neither the resident it was filed for nor the member who filed it', () => {
    const c = privateCase({ reporter: wang, filedFor: { name: '张大爷', phone: '13987654321' } });
    const asPool = toView(c, at('2026-11-26 10:01'), lu);
    // (王思瑛's name is in the routing reason as a member of the pool's group, not as the one who filed it.)
    expect(leaks(asPool, ['张大爷', '13987654321', '4321', wang.id, '邻居'])).toEqual([]);
    expect(asPool.timeline[0]).toMatchObject({ kind: 'submitted', by: null, text: PRIVATE_PLACEHOLDER });
    expect(asPool.filedFor).toBeNull();
    const asOffice = toView(c, at('2026-11-26 10:01'), wu);
    expect(asOffice.filedFor?.name).toBe('张大爷');
    expect(asOffice.timeline[0].by?.id).toBe(wang.id);
  });

  it('a case that is not private still shows the pool who reported it', () => {
    const c = privateCase({ isPrivate: false });
    const v = toView(c, at('2026-11-26 10:01'), lu);
    expect(v.redacted).toBe(false);
    expect(v.timeline[0].by?.id).toBe(zhang.id);
  });
});

describe('ownsPhoto / photoCloudPath', () => {
  const env = 'cloud://prod-1a2b.7072-prod-1a2b-1250000000/';
  const openidArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
  const nameArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,30}\.(jpg|png)$/);

  it('a photo uploaded to photoCloudPath(me) is mine, in the local cloud and in WeChat Cloud', () => {
    expect(photoCloudPath('o-resident-zhang', '20261126-0a1b.jpg')).toBe('photos/o-resident-zhang/20261126-0a1b.jpg');
    expect(ownsPhoto('o-resident-zhang', 'cloud://local.golden-key/photos/o-resident-zhang/20261126-0a1b.jpg')).toBe(true);
    fc.assert(
      fc.property(
        openidArb,
        nameArb,
        (openid, name) =>
          ownsPhoto(openid, env + photoCloudPath(openid, name)) && ownsPhoto(openid, `cloud://local.golden-key/${photoCloudPath(openid, name)}`),
      ),
      { numRuns: 300 },
    );
  });

  it('the pages upload where the core accepts: the client’s path (src/services/photo-path.ts) is the caller’s own', () => {
    fc.assert(
      fc.property(openidArb, fc.date({ min: new Date('2020-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }), (openid, now) => {
        const p = clientPhotoPath(openid, now);
        const [, , name] = p.split('/');
        return p === photoCloudPath(openid, name) && ownsPhoto(openid, env + p) && !ownsPhoto(`${openid}x`, env + p);
      }),
      { numRuns: 200 },
    );
    expect(() => clientPhotoPath('')).toThrow();
  });

  it('never someone else’s: another openid (including one that starts with mine) does not own it', () => {
    expect(ownsPhoto('abc', `${env}photos/abcd/x.jpg`)).toBe(false);
    expect(ownsPhoto('abcd', `${env}photos/abc/x.jpg`)).toBe(false);
    fc.assert(
      fc.property(openidArb, openidArb, nameArb, (me, other, name) => {
        fc.pre(me !== other);
        return !ownsPhoto(me, env + photoCloudPath(other, name));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['an empty openid', '', `cloud://local.golden-key/photos//x.jpg`],
    ['an empty openid, real path', '', `cloud://local.golden-key/photos/abc/x.jpg`],
    ['a folder other than photos/', 'abc', `cloud://local.golden-key/cases/abc/x.jpg`],
    ['photos/ not at the top', 'abc', `cloud://local.golden-key/x/photos/abc/x.jpg`],
    ['a subfolder', 'abc', `cloud://local.golden-key/photos/abc/sub/x.jpg`],
    ['the folder itself', 'abc', `cloud://local.golden-key/photos/abc/`],
    ['the folder without a slash', 'abc', `cloud://local.golden-key/photos/abc`],
    ['.. out of my folder', 'abc', `cloud://local.golden-key/photos/abc/../def/x.jpg`],
    ['.. as the name', 'abc', `cloud://local.golden-key/photos/abc/..`],
    ['. as the name', 'abc', `cloud://local.golden-key/photos/abc/.`],
    ['.. into my folder', 'abc', `cloud://local.golden-key/photos/def/../abc/x.jpg`],
    ['an encoded slash', 'abc', `cloud://local.golden-key/photos/abc%2F..%2Fdef/x.jpg`],
    ['an encoded name', 'abc', `cloud://local.golden-key/photos/abc/x%2Ejpg`],
    ['a backslash', 'abc', `cloud://local.golden-key/photos/abc\\..\\def\\x.jpg`],
    ['a double slash', 'abc', `cloud://local.golden-key//photos/abc/x.jpg`],
    ['no cloud:// scheme', 'abc', `https://local.golden-key/photos/abc/x.jpg`],
    ['no environment', 'abc', `cloud:///photos/abc/x.jpg`],
    ['a user@host environment', 'abc', `cloud://evil@local.golden-key/photos/abc/x.jpg`],
    ['a query string', 'abc', `cloud://local.golden-key/photos/abc/x.jpg?sign=1`],
    ['a trailing space', 'abc', `cloud://local.golden-key/photos/abc/x.jpg `],
    ['a newline', 'abc', `cloud://local.golden-key/photos/abc/x.jpg\nphotos/abc/y.jpg`],
    ['a wildcard openid', '.*', `cloud://local.golden-key/photos/abc/x.jpg`],
    ['a regex-looking openid', 'ab[c]', `cloud://local.golden-key/photos/ab[c]/x.jpg`],
    ['an openid with a slash', 'abc/def', `cloud://local.golden-key/photos/abc/def/x.jpg`],
    ['an openid that is ..', '..', `cloud://local.golden-key/photos/../x.jpg`],
  ])('refuses %s', (_what, openid, fileID) => {
    expect(ownsPhoto(openid, fileID)).toBe(false);
  });

  it('refuses anything not a string, and openids or names it cannot use', () => {
    expect(ownsPhoto(undefined as unknown as string, `${env}photos/abc/x.jpg`)).toBe(false);
    expect(ownsPhoto('abc', null as unknown as string)).toBe(false);
    expect(() => photoCloudPath('', 'x.jpg')).toThrow();
    expect(() => photoCloudPath('a/b', 'x.jpg')).toThrow();
    expect(() => photoCloudPath('abc', '../x.jpg')).toThrow();
    expect(() => photoCloudPath('abc', 'sub/x.jpg')).toThrow();
    expect(() => photoCloudPath('abc', '..')).toThrow();
  });

  it('whatever the fileID, a true answer means it lies directly in photos/<openid>/', () => {
    const piece = fc.constantFrom('photos', 'abc', 'abcd', '..', '.', '', '%2F', 'x.jpg', 'a', '/');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const fileID = `cloud://local.golden-key/${pieces.join('/')}`;
        return !ownsPhoto('abc', fileID) || /^cloud:\/\/local\.golden-key\/photos\/abc\/[^/.][^/]*$/.test(fileID);
      }),
      { numRuns: 500 },
    );
  });
});
