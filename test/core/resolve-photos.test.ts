/**
 * Photos taken at 办结: a photo records who uploaded it and at which step; while WeChat checks it only its uploader
 * sees it (the holder, not the resident); a passed one is seen by the resident and everyone with the case's details;
 * a risky one is removed and its uploader is told. The resolve use case checks the photos before anything is written
 * and stores them in the one conditional write that resolves the case. Photos stored before the uploader was recorded
 * are the reporter's, with the report.
 */
import fc from 'fast-check';
import type { Case } from '../../cloudfunctions/core/Case';
import { claim, openCase, resolve, resolveAtOffice } from '../../cloudfunctions/core/Case';
import type { Person } from '../../cloudfunctions/core/community';
import type { Photo, PhotoStage } from '../../cloudfunctions/core/photo-checks';
import {
  MEDIA_CHECK_WAIT_MS,
  PHOTO_REMOVED_TEXT,
  RESOLVE_PHOTO_REMOVED_MESSAGE,
  checkOverdue,
  checkingPhoto,
  photoChecked,
  photosFor,
  stageOf,
  uploaderOf,
} from '../../cloudfunctions/core/photo-checks';
import { seesPrivateDetails } from '../../cloudfunctions/core/permissions';
import * as uc from '../../cloudfunctions/core/usecases';
import { aMember, aPerson, aRouting, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨', phone: '13812345678' });
const li = aPerson({ id: 'r2', name: '李大伯' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const admin = aPerson({ id: 'a1', role: 'admin', name: '管理员' });
const people = [zhang, li, wang, lu, wu, admin];
const T = bj('2026-11-26 10:00');
const later = (minutes: number) => new Date(T.getTime() + minutes * 60_000);
const fileOf = (owner: string, n: string) => `cloud://local.golden-key/photos/${owner}/${n}.jpg`;
const traceOf = (fileID: string) => `trace:https://files.test/${fileID}`;
const pipe = { categoryId: 'repair', description: '水管爆裂一直漏水', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: { code?: string }) => e.code ?? String(e),
  );

function aCase(photos: Photo[] = [], over: { private?: boolean } = {}): Case {
  return openCase({
    id: 'c1',
    code: 'A7K2Q9',
    reporter: { id: zhang.id, name: zhang.name },
    categoryId: 'repair',
    description: '水管漏水',
    place: pipe.place,
    contactPhone: zhang.phone,
    routing: aRouting(),
    urgent: false,
    filedFor: null,
    private: over.private ?? false,
    photos,
    now: T,
  });
}
const claimedBy = (m: Person, photos: Photo[] = [], over: { private?: boolean } = {}) => claim(aCase(photos, over), { id: m.id, name: m.name }, T, null);
const atResolve = (fileID: string, trace: string, by: Person, check: Photo['check'] = 'checking'): Photo => ({
  ...checkingPhoto(fileID, trace, T, { by: by.id, stage: 'resolve' }),
  check,
});
const seen = (c: Case, viewer: Person, at = T) => {
  const { shown, waiting, waitingAtResolve } = photosFor(c, viewer, at);
  return { files: shown.map((s) => s.photo.fileID.replace(/.*\//, '')), notes: shown.map((s) => s.note), waiting, waitingAtResolve };
};

describe('a photo records who uploaded it and when; old photos are the reporter’s, with the report', () => {
  it('checkingPhoto records the uploader and the step; without them it is stored as before', () => {
    expect(checkingPhoto('f', 't', T, { by: wang.id, stage: 'resolve' })).toEqual({
      fileID: 'f',
      check: 'checking',
      traceId: 't',
      askedAt: T,
      by: wang.id,
      stage: 'resolve',
    });
    expect(checkingPhoto('f', 't', T)).toEqual({ fileID: 'f', check: 'checking', traceId: 't', askedAt: T });
  });

  it('a photo stored without `by` and `stage` is the reporter’s, taken with the report', () => {
    const old: Photo = { fileID: fileOf('r1', 'old'), check: 'passed', traceId: null, askedAt: T };
    expect(uploaderOf(aCase(), old)).toBe(zhang.id);
    expect(stageOf(old)).toBe('report');
    const checking: Photo = { fileID: fileOf('r1', 'wait'), check: 'checking', traceId: 't', askedAt: T };
    expect(seen(aCase([checking]), zhang)).toMatchObject({ files: ['wait.jpg'], notes: ['正在做安全检查，通过后处理的人才能看到'] });
    expect(seen(aCase([checking]), wang)).toMatchObject({ files: [], waiting: 1, waitingAtResolve: 0 });
  });
});

describe('resolve and resolveAtOffice take the photos of the result', () => {
  it('the photos are added after the report’s, and the 办结 step says how many', () => {
    const report = checkingPhoto(fileOf('r1', 'leak'), 't0', T, { by: zhang.id, stage: 'report' });
    const taken = [atResolve(fileOf('m-wang', 'a'), 't1', wang), atResolve(fileOf('m-wang', 'b'), 't2', wang)];
    const done = resolve(claimedBy(wang, [report]), { id: wang.id, name: wang.name }, ' 换好了水管 ', later(5), taken);
    expect(done.photos.map((p) => p.fileID.replace(/.*\//, ''))).toEqual(['leak.jpg', 'a.jpg', 'b.jpg']);
    expect(done.timeline.at(-1)).toMatchObject({ kind: 'resolved', text: '王思瑛办结：换好了水管（附照片2张）' });
    expect(done.resolution.note).toBe('换好了水管');
  });

  it('without photos nothing changes: the same words as before', () => {
    const done = resolve(claimedBy(wang), { id: wang.id, name: wang.name }, '换好了', later(5));
    expect(done.timeline.at(-1)!.text).toBe('王思瑛办结：换好了');
    expect(done.photos).toEqual([]);
  });

  it('the office resolving from its queue takes photos the same way', () => {
    const atOffice = { ...aCase(), routing: aRouting({ target: 'office', rule: 'escalated', groupId: null }) };
    const done = resolveAtOffice(atOffice, { id: wu.id, name: wu.name }, '社区请电工修好了', later(5), [atResolve(fileOf('o-wu', 'x'), 't1', wu)]);
    expect(done.photos).toHaveLength(1);
    expect(done.timeline.at(-1)!.text).toBe('吴霞办结：社区请电工修好了（附照片1张）');
  });
});

describe('photosFor follows the uploader, not the reporter', () => {
  const photos = [
    { ...checkingPhoto(fileOf('r1', 'leak'), 't0', T, { by: zhang.id, stage: 'report' }), check: 'passed' as const },
    atResolve(fileOf('m-wang', 'wait'), 't1', wang),
    atResolve(fileOf('m-wang', 'ok'), 't2', wang, 'passed'),
    atResolve(fileOf('m-wang', 'rev'), 't3', wang, 'review'),
  ];
  const done = resolve(claimedBy(wang), { id: wang.id, name: wang.name }, '修好了', T, []);
  const c: Case = { ...done, photos };

  it('while checking only the holder who took it sees it; the resident sees a count under the result', () => {
    expect(seen(c, wang)).toEqual({
      files: ['leak.jpg', 'wait.jpg', 'ok.jpg', 'rev.jpg'],
      notes: ['', '正在做安全检查，通过后居民才能看到', '', '这张照片只有您和社区办公室能看到'],
      waiting: 0,
      waitingAtResolve: 0,
    });
    expect(seen(c, zhang)).toEqual({ files: ['leak.jpg', 'ok.jpg'], notes: ['', ''], waiting: 2, waitingAtResolve: 2 });
    expect(seen(c, lu)).toEqual({ files: ['leak.jpg', 'ok.jpg'], notes: ['', ''], waiting: 2, waitingAtResolve: 2 });
  });

  it('the office and admins see one held for review (marked: the resident does not), not one still being checked', () => {
    for (const staff of [wu, admin]) {
      expect(seen(c, staff)).toEqual({
        files: ['leak.jpg', 'ok.jpg', 'rev.jpg'],
        notes: ['', '', '微信提示这张照片需要人工看一下，居民和值班成员看不到'],
        waiting: 1,
        waitingAtResolve: 1,
      });
    }
  });

  it('after 30 minutes without a verdict the office sees it too; the resident still does not', () => {
    const late = new Date(T.getTime() + MEDIA_CHECK_WAIT_MS);
    expect(seen(c, wu, late).notes[1]).toBe('微信没有按时给出检查结果，居民和值班成员看不到');
    expect(seen(c, wang, late).notes[1]).toBe('这张照片只有您和社区办公室能看到');
    expect(seen(c, zhang, late)).toMatchObject({ files: ['leak.jpg', 'ok.jpg'], waitingAtResolve: 2 });
  });

  it('a pass shows it to the resident; a risky one is taken off with the usual timeline words', () => {
    const passed = photoChecked(c, 't1', 'pass', later(1))!.next;
    expect(seen(passed, zhang).files).toEqual(['leak.jpg', 'wait.jpg', 'ok.jpg']);
    const risky = photoChecked(c, 't1', 'risky', later(1))!;
    expect(risky.removed).toMatchObject({ by: wang.id, stage: 'resolve' });
    expect(risky.next.timeline.at(-1)).toEqual({ at: later(1), kind: 'photo-removed', text: PHOTO_REMOVED_TEXT, by: null });
  });

  it('in a private case a member without its details sees none and is told of none', () => {
    const secret: Case = { ...c, private: true };
    expect(photosFor(secret, lu, T)).toEqual({ shown: [], waiting: 0, waitingAtResolve: 0 });
    expect(seen(secret, zhang).files).toEqual(['leak.jpg', 'ok.jpg']);
  });
});

describe('property: nobody but its uploader (and, held or late, the office) sees a photo before it passes', () => {
  const viewers = [zhang, li, wang, lu, wu, admin];
  const photoArb = fc
    .record({
      by: fc.option(fc.constantFrom(...viewers.map((p) => p.id)), { nil: undefined }),
      stage: fc.option(fc.constantFrom<PhotoStage>('report', 'resolve'), { nil: undefined }),
      check: fc.constantFrom<Photo['check']>('checking', 'passed', 'review'),
      minutesAgo: fc.integer({ min: 0, max: 90 }),
    })
    .map((r): Photo => ({
      fileID: fileOf(r.by ?? 'r1', `p${r.minutesAgo}`),
      check: r.check,
      traceId: `t-${r.minutesAgo}`,
      askedAt: new Date(T.getTime() - r.minutesAgo * 60_000),
      ...(r.by !== undefined ? { by: r.by } : {}),
      ...(r.stage !== undefined ? { stage: r.stage } : {}),
    }));

  it('holds for any photos, any viewer, any case state and privacy', () => {
    fc.assert(
      fc.property(fc.array(photoArb, { maxLength: 8 }), fc.constantFrom(...viewers), fc.boolean(), fc.boolean(), (photos, viewer, isPrivate, resolved) => {
        const base = claimedBy(wang, [], { private: isPrivate });
        const c: Case = { ...(resolved ? resolve(base, { id: wang.id, name: wang.name }, '修好了', T) : base), photos };
        const { shown, waiting, waitingAtResolve } = photosFor(c, viewer, T);
        if (!seesPrivateDetails(viewer, c)) return shown.length === 0 && waiting === 0 && waitingAtResolve === 0;
        const staff = viewer.role === 'office' || viewer.role === 'admin';
        const may = (p: Photo) => p.check === 'passed' || uploaderOf(c, p) === viewer.id || (staff && (p.check === 'review' || checkOverdue(p, T)));
        // Exactly the photos the viewer may see, in their stored order; the rest are counted, by step.
        expect(shown.map((s) => s.photo)).toEqual(photos.filter(may));
        expect(waiting).toBe(photos.filter((p) => !may(p)).length);
        expect(waitingAtResolve).toBe(photos.filter((p) => !may(p) && stageOf(p) === 'resolve').length);
        // A note on every photo not yet passed; none on a passed one.
        for (const s of shown) expect(s.note === '').toBe(s.photo.check === 'passed');
        // The reporter never sees someone else's unpassed photo unless they are staff.
        if (viewer.id === zhang.id) expect(shown.every((s) => s.photo.check === 'passed' || uploaderOf(c, s.photo) === zhang.id)).toBe(true);
        return true;
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  });
});

describe('resolveCase with photos, over in-memory ports', () => {
  /** A case 张阿姨 reported with one photo, claimed by 王思瑛. */
  async function claimed() {
    const deps = fakeDeps({ now: T, people });
    const v = await uc.submitCase(deps, zhang, { ...pipe, photos: [fileOf('r1', 'leak')] });
    await uc.applyImageCheck(deps, { traceId: traceOf(fileOf('r1', 'leak')), suggest: 'pass' });
    await uc.claimCase(deps, wang, v.id);
    return { deps, id: v.id };
  }

  it('asks each photo’s check and stores it as the holder’s, in the one write that resolves the case', async () => {
    const { deps, id } = await claimed();
    const before = deps.cases.byId.get(id)!;
    let writes = 0;
    const replace = deps.cases.replaceIfVersion.bind(deps.cases);
    deps.cases.replaceIfVersion = async (c: Case) => {
      writes++;
      return replace(c);
    };
    const taken = [fileOf('m-wang', 'a'), fileOf('m-wang', 'b')];
    const v = await uc.resolveCase(deps, wang, id, '换了水管接头，不漏了', taken);
    expect(writes).toBe(1);
    const c = deps.cases.byId.get(id)!;
    expect(c).toMatchObject({ status: 'resolved', version: before.version + 1 });
    expect(c.photos.slice(1)).toEqual(taken.map((f) => ({ fileID: f, check: 'checking', traceId: traceOf(f), askedAt: T, by: wang.id, stage: 'resolve' })));
    expect(c.timeline.at(-1)!.text).toBe('王思瑛办结：换了水管接头，不漏了（附照片2张）');
    // The holder sees their photos, marked; the resident sees the report's photo and a count under the result.
    expect(v).toMatchObject({ photoStages: ['report', 'resolve', 'resolve'], resolutionPhotosWaiting: null });
    expect(v.photoNotes).toEqual(['', '正在做安全检查，通过后居民才能看到', '正在做安全检查，通过后居民才能看到']);
    const resident = await uc.getCase(deps, zhang, id);
    expect(resident).toMatchObject({
      photos: [`https://files.test/${fileOf('r1', 'leak')}`],
      photoStages: ['report'],
      photosWaiting: null,
      resolutionPhotosWaiting: { count: 2, text: '办好后的照片有2张还在检查，暂时看不到' },
    });
    expect(JSON.stringify(resident)).not.toContain('m-wang/a.jpg');

    // WeChat passes one: the resident sees it, as a photo of the result.
    expect(await uc.applyImageCheck(deps, { traceId: traceOf(taken[0]), suggest: 'pass' })).toBe('applied');
    const after = await uc.getCase(deps, zhang, id);
    expect(after).toMatchObject({
      photos: [`https://files.test/${fileOf('r1', 'leak')}`, `https://files.test/${taken[0]}`],
      photoNotes: ['', ''],
      photoStages: ['report', 'resolve'],
      resolutionPhotosWaiting: { count: 1, text: '办好后的照片有1张还在检查，暂时看不到' },
    });
  });

  it('a risky one is removed, and the holder — not the resident — is told in the message centre', async () => {
    const { deps, id } = await claimed();
    const bad = fileOf('m-wang', 'bad');
    await uc.resolveCase(deps, wang, id, '修好了', [bad]);
    const residentMessages = deps.messages.all.filter((m) => m.touser === zhang.id).length;
    expect(await uc.applyImageCheck(deps, { traceId: traceOf(bad), suggest: 'risky' })).toBe('applied');
    expect(deps.files.removed).toEqual([bad]);
    const c = deps.cases.byId.get(id)!;
    expect(c.photos.map((p) => p.fileID)).toEqual([fileOf('r1', 'leak')]);
    expect(c.timeline.at(-1)).toMatchObject({ kind: 'photo-removed', text: PHOTO_REMOVED_TEXT, by: null });
    const told = deps.messages.all.filter((m) => m.title === '您的一张照片已删除');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ touser: wang.id, caseId: id, text: RESOLVE_PHOTO_REMOVED_MESSAGE, wechat: null });
    expect(deps.messages.all.filter((m) => m.touser === zhang.id)).toHaveLength(residentMessages);
  });

  it('review: the holder and the office see it, the resident does not', async () => {
    const { deps, id } = await claimed();
    const held = fileOf('m-wang', 'held');
    await uc.resolveCase(deps, wang, id, '修好了', [held]);
    await uc.applyImageCheck(deps, { traceId: traceOf(held), suggest: 'review' });
    expect((await uc.getCase(deps, wang, id)).photoNotes.at(-1)).toBe('这张照片只有您和社区办公室能看到');
    expect((await uc.getCase(deps, wu, id)).photoNotes.at(-1)).toBe('微信提示这张照片需要人工看一下，居民和值班成员看不到');
    expect((await uc.getCase(deps, zhang, id)).resolutionPhotosWaiting).toMatchObject({ count: 1 });
  });

  it('refuses someone else’s photo, a value that is not a file id, too many photos — before anything is asked or written', async () => {
    const { deps, id } = await claimed();
    const asked: string[] = [];
    deps.content = { ...deps.content, imageAsync: async (url) => (asked.push(url), { traceId: `trace:${url}` }) };
    const before = structuredClone(deps.cases.byId.get(id)!);
    const bad: Array<[unknown, string]> = [
      [[fileOf('r1', 'leak')], '有一张照片不是您上传的'], // the resident's photo
      [[fileOf('m-lu', 'x')], '有一张照片不是您上传的'], // a colleague's
      [[fileOf('m-wang', 'a'), fileOf('m-wang-x', 'b')], '有一张照片不是您上传的'],
      [['cloud://local.golden-key/photos/m-wang/../r1/leak.jpg'], '有一张照片不是您上传的'],
      [[{ $ne: '' }], '照片不正确'],
      [[fileOf('m-wang', 'a'), 7], '照片不正确'],
      ['cloud://local.golden-key/photos/m-wang/a.jpg', '照片不正确'],
      [{ 0: fileOf('m-wang', 'a') }, '照片不正确'],
      [Array.from({ length: 7 }, (_, i) => fileOf('m-wang', `n${i}`)), '最多6张照片'],
    ];
    for (const [photos, words] of bad) {
      const refusal = uc.resolveCase(deps, wang, id, '修好了', photos);
      await expect(refusal).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(words) });
    }
    expect(asked).toEqual([]);
    expect(deps.cases.byId.get(id)).toEqual(before);
  });

  it('a photo missing from storage is refused and nothing is written', async () => {
    const { deps, id } = await claimed();
    const before = structuredClone(deps.cases.byId.get(id)!);
    await deps.files.remove([fileOf('m-wang', 'gone')]);
    await expect(uc.resolveCase(deps, wang, id, '修好了', [fileOf('m-wang', 'gone')])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(deps.cases.byId.get(id)).toEqual(before);
  });

  it('a case that cannot be resolved is refused before any photo goes to WeChat', async () => {
    const { deps, id } = await claimed();
    await uc.resolveCase(deps, wang, id, '修好了');
    const asked: string[] = [];
    deps.content = { ...deps.content, imageAsync: async (url) => (asked.push(url), { traceId: `trace:${url}` }) };
    expect(await codeOf(uc.resolveCase(deps, wang, id, '再修一次', [fileOf('m-wang', 'a')]))).toBe('FORBIDDEN');
    expect(await codeOf(uc.resolveCase(deps, lu, id, '修好了', [fileOf('m-lu', 'a')]))).toBe('FORBIDDEN');
    expect(asked).toEqual([]);
  });

  it('the office resolves from its queue with a photo: stored as the office worker’s', async () => {
    const deps = fakeDeps({ now: T, people });
    const v = await uc.submitCase(deps, zhang, pipe);
    await uc.claimCase(deps, wang, v.id);
    await uc.escalateCase(deps, wang, v.id, '需要社区找电工');
    const photo = fileOf('o-wu', 'done');
    const done = await uc.resolveCase(deps, wu, v.id, '社区请电工修好了', [photo]);
    expect(done.status).toBe('resolved');
    expect(deps.cases.byId.get(v.id)!.photos).toEqual([{ fileID: photo, check: 'checking', traceId: traceOf(photo), askedAt: T, by: wu.id, stage: 'resolve' }]);
    expect((await uc.getCase(deps, zhang, v.id)).resolutionPhotosWaiting).toMatchObject({ count: 1 });
    await uc.applyImageCheck(deps, { traceId: traceOf(photo), suggest: 'pass' });
    expect(await uc.getCase(deps, zhang, v.id)).toMatchObject({ photos: [`https://files.test/${photo}`], photoStages: ['resolve'] });
  });
});
