/**
 * Photos and WeChat's asynchronous content check (issue 11, item 4): the pure transitions and who sees what
 * (core/photo-checks.ts), and the use cases over in-memory ports — submit asks for the check and stores the photo as
 * checking; a pushed verdict (applyImageCheck) passes it, holds it for the office, or removes it (file deleted,
 * reporter told in the message centre only); unknown and repeated verdicts change nothing; past 30 minutes without a
 * verdict the office sees the photo.
 */
import type { Case } from '../../cloudfunctions/core/Case';
import { openCase } from '../../cloudfunctions/core/Case';
import type { Photo } from '../../cloudfunctions/core/photo-checks';
import {
  MEDIA_CHECK_WAIT_MS,
  PHOTO_REMOVED_TEXT,
  awaitedTraceIds,
  checkOverdue,
  checkingPhoto,
  photoChecked,
  photosFor,
} from '../../cloudfunctions/core/photo-checks';
import * as uc from '../../cloudfunctions/core/usecases';
import { aMember, aPerson, aRouting, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨', phone: '13812345678' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const admin = aPerson({ id: 'a1', role: 'admin', name: '管理员' });
const li = aPerson({ id: 'r2', name: '李大伯' });
const people = [zhang, wang, lu, wu, admin, li];
const T = bj('2026-11-26 10:00');
const photo = (n: string) => `cloud://local.golden-key/photos/r1/${n}.jpg`;
const traceOf = (fileID: string) => `trace:https://files.test/${fileID}`;
const pipe = { categoryId: 'repair', description: '水管爆裂一直漏水', place: { compoundId: 'hongqiao', building: '2幢', unit: '302' } };

function aCaseWith(photos: Photo[], over: { private?: boolean } = {}): Case {
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

describe('photoChecked: the pure transition of one verdict', () => {
  const c = aCaseWith([checkingPhoto(photo('a'), 't-a', T), checkingPhoto(photo('b'), 't-b', T)]);
  const later = new Date(T.getTime() + 60_000);

  it('pass marks the photo passed (one version on), review holds it; the other photo and the timeline stay', () => {
    const passed = photoChecked(c, 't-a', 'pass', later)!;
    expect(passed.removed).toBeNull();
    expect(passed.next.version).toBe(c.version + 1);
    expect(passed.next.photos.map((p) => p.check)).toEqual(['passed', 'checking']);
    expect(passed.next.timeline).toEqual(c.timeline);
    expect(awaitedTraceIds(passed.next)).toEqual(['t-b']);
    expect(photoChecked(c, 't-b', 'review', later)!.next.photos.map((p) => p.check)).toEqual(['checking', 'review']);
  });

  it('risky takes the photo off the case and adds a timeline step without the picture', () => {
    const risky = photoChecked(c, 't-a', 'risky', later)!;
    expect(risky.removed).toMatchObject({ fileID: photo('a'), traceId: 't-a' });
    expect(risky.next.photos.map((p) => p.fileID)).toEqual([photo('b')]);
    expect(risky.next.timeline.at(-1)).toEqual({ at: later, kind: 'photo-removed', text: PHOTO_REMOVED_TEXT, by: null });
    expect(JSON.stringify(risky.next.timeline)).not.toContain('a.jpg');
  });

  it('an unknown trace id, or one already answered, changes nothing (null)', () => {
    expect(photoChecked(c, 't-zzz', 'risky', later)).toBeNull();
    const once = photoChecked(c, 't-a', 'pass', later)!.next;
    expect(photoChecked(once, 't-a', 'risky', later)).toBeNull();
    expect(photoChecked(photoChecked(c, 't-a', 'risky', later)!.next, 't-a', 'risky', later)).toBeNull();
  });

  it('is overdue from 30 minutes after it was asked', () => {
    const p = checkingPhoto(photo('a'), 't', T);
    expect(checkOverdue(p, new Date(T.getTime() + MEDIA_CHECK_WAIT_MS - 1))).toBe(false);
    expect(checkOverdue(p, new Date(T.getTime() + MEDIA_CHECK_WAIT_MS))).toBe(true);
    expect(checkOverdue({ ...p, check: 'review' }, new Date(T.getTime() + MEDIA_CHECK_WAIT_MS))).toBe(false);
  });
});

describe('photosFor: who sees which photo', () => {
  const c = aCaseWith([
    { ...checkingPhoto(photo('ok'), 't1', T), check: 'passed' },
    checkingPhoto(photo('wait'), 't2', T),
    { ...checkingPhoto(photo('rev'), 't3', T), check: 'review' },
  ]);
  const seen = (viewer: typeof zhang, at = T) => {
    const { shown, waiting } = photosFor(c, viewer, at);
    return { files: shown.map((s) => s.photo.fileID.replace(/.*\//, '')), notes: shown.map((s) => s.note), waiting };
  };

  it('the reporter sees all their photos, each marked; a duty member sees the passed one and a count', () => {
    expect(seen(zhang)).toEqual({
      files: ['ok.jpg', 'wait.jpg', 'rev.jpg'],
      notes: ['', '正在做安全检查，通过后处理的人才能看到', '这张照片只有您和社区办公室能看到'],
      waiting: 0,
    });
    expect(seen(wang)).toEqual({ files: ['ok.jpg'], notes: [''], waiting: 2 });
  });

  it('the office and admins see a photo held for review (marked), not one still being checked', () => {
    for (const staff of [wu, admin]) {
      expect(seen(staff)).toEqual({ files: ['ok.jpg', 'rev.jpg'], notes: ['', '微信提示这张照片需要人工看一下，值班成员看不到'], waiting: 1 });
    }
  });

  it('after 30 minutes without a verdict the office sees the photo too; duty members still do not', () => {
    const late = new Date(T.getTime() + MEDIA_CHECK_WAIT_MS);
    expect(seen(wu, late).files).toEqual(['ok.jpg', 'wait.jpg', 'rev.jpg']);
    expect(seen(wu, late).notes[1]).toBe('微信没有按时给出检查结果，值班成员看不到');
    expect(seen(zhang, late).notes[1]).toBe('这张照片只有您和社区办公室能看到');
    expect(seen(wang, late)).toEqual({ files: ['ok.jpg'], notes: [''], waiting: 2 });
  });

  it('a viewer without a private case’s details sees no photo and is told of none', () => {
    const p = aCaseWith(c.photos, { private: true });
    expect(photosFor(p, wang, T)).toEqual({ shown: [], waiting: 0, waitingAtResolve: 0 });
    expect(photosFor(p, zhang, T).shown).toHaveLength(3);
  });
});

describe('the use cases over in-memory ports', () => {
  const setup = () => fakeDeps({ now: T, people });

  it('submit asks for each photo’s check and stores it checking; the reporter sees it, a duty member a placeholder', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, { ...pipe, photos: [photo('a'), photo('b')] });
    expect(deps.cases.byId.get(v.id)!.photos).toEqual([
      { fileID: photo('a'), check: 'checking', traceId: traceOf(photo('a')), askedAt: T, by: zhang.id, stage: 'report' },
      { fileID: photo('b'), check: 'checking', traceId: traceOf(photo('b')), askedAt: T, by: zhang.id, stage: 'report' },
    ]);
    expect(v).toMatchObject({ photos: [`https://files.test/${photo('a')}`, `https://files.test/${photo('b')}`], photosWaiting: null });
    expect(v.photoNotes).toEqual(['正在做安全检查，通过后处理的人才能看到', '正在做安全检查，通过后处理的人才能看到']);
    const member = await uc.getCase(deps, wang, v.id);
    expect(member).toMatchObject({ photos: [], photoNotes: [], photosWaiting: { count: 2, text: '有2张照片还在检查，暂时看不到' } });
    expect(JSON.stringify(member)).not.toContain('trace');
    expect(JSON.stringify(v)).not.toContain('trace:');
  });

  it('a photo missing from storage is refused at submit, and nothing is stored', async () => {
    const deps = setup();
    await deps.files.remove([photo('gone')]);
    await expect(uc.submitCase(deps, zhang, { ...pipe, photos: [photo('gone')] })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(deps.cases.byId.size).toBe(0);
  });

  it('pass: the member sees the photo; a repeated push changes nothing', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, { ...pipe, photos: [photo('a')] });
    expect(await uc.applyImageCheck(deps, { traceId: traceOf(photo('a')), suggest: 'pass' })).toBe('applied');
    const member = await uc.getCase(deps, wang, v.id);
    expect(member).toMatchObject({ photos: [`https://files.test/${photo('a')}`], photoNotes: [''], photosWaiting: null });
    const stored = deps.cases.byId.get(v.id)!;
    expect(await uc.applyImageCheck(deps, { traceId: traceOf(photo('a')), suggest: 'risky' })).toBe('unknown');
    expect(deps.cases.byId.get(v.id)).toEqual(stored);
    expect(deps.files.removed).toEqual([]);
  });

  it('risky: the photo leaves the case and storage, the reporter is told once in the message centre (no WeChat send)', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, { ...pipe, photos: [photo('a'), photo('b')] });
    const sends = deps.notifier.sent.length;
    expect(await uc.applyImageCheck(deps, { traceId: traceOf(photo('a')), suggest: 'risky' })).toBe('applied');
    expect(await uc.applyImageCheck(deps, { traceId: traceOf(photo('a')), suggest: 'risky' })).toBe('unknown');
    expect(deps.files.removed).toEqual([photo('a')]);
    const c = deps.cases.byId.get(v.id)!;
    expect(c.photos.map((p) => p.fileID)).toEqual([photo('b')]);
    expect(c.effects).toEqual([]);
    expect(c.timeline.at(-1)).toMatchObject({ kind: 'photo-removed', text: PHOTO_REMOVED_TEXT, by: null });
    const told = deps.messages.all.filter((m) => m.touser === zhang.id && m.title === '您的一张照片已删除');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ caseId: v.id, wechat: null, delivery: { status: 'in-app' } });
    expect(told[0].text).toContain('您上传的一张照片没有通过微信的安全检查，已经删除');
    expect(deps.notifier.sent.length).toBe(sends);
    expect((await uc.getCase(deps, zhang, v.id)).photos).toEqual([`https://files.test/${photo('b')}`]);
  });

  it('review: hidden from duty members, shown to the office; nobody is told', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, { ...pipe, photos: [photo('a')] });
    const messages = deps.messages.all.length;
    expect(await uc.applyImageCheck(deps, { traceId: traceOf(photo('a')), suggest: 'review' })).toBe('applied');
    expect(deps.messages.all.length).toBe(messages);
    expect((await uc.getCase(deps, wang, v.id)).photosWaiting).toEqual({ count: 1, text: '有1张照片还在检查，暂时看不到' });
    expect((await uc.getCase(deps, wu, v.id)).photoNotes).toEqual(['微信提示这张照片需要人工看一下，值班成员看不到']);
  });

  it('an unknown trace id changes nothing', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, { ...pipe, photos: [photo('a')] });
    const stored = deps.cases.byId.get(v.id)!;
    expect(await uc.applyImageCheck(deps, { traceId: 'forged-1', suggest: 'pass' })).toBe('unknown');
    expect(deps.cases.byId.get(v.id)).toEqual(stored);
  });

  it('a verdict racing a member’s claim is applied to the claimed case (the lost write is tried again)', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, { ...pipe, photos: [photo('a')] });
    const ofPhotoCheck = deps.cases.ofPhotoCheck.bind(deps.cases);
    let raced = false;
    deps.cases.ofPhotoCheck = async (traceId: string) => {
      const c = await ofPhotoCheck(traceId);
      if (!raced) {
        raced = true;
        await uc.claimCase(deps, wang, v.id); // between the verdict's read and its write
      }
      return c;
    };
    expect(await uc.applyImageCheck(deps, { traceId: traceOf(photo('a')), suggest: 'pass' })).toBe('applied');
    const c = deps.cases.byId.get(v.id)!;
    expect(c).toMatchObject({ status: 'claimed', photos: [{ check: 'passed' }] });
    expect((await uc.getCase(deps, wang, v.id)).photos).toHaveLength(1);
  });

  it('no verdict for 30 minutes: the office now sees the photo, members still do not; a late verdict still counts', async () => {
    const deps = setup();
    const v = await uc.submitCase(deps, zhang, { ...pipe, photos: [photo('a')] });
    expect((await uc.getCase(deps, wu, v.id)).photos).toEqual([]);
    deps.clock.set(new Date(T.getTime() + MEDIA_CHECK_WAIT_MS + 60_000));
    expect((await uc.getCase(deps, wu, v.id)).photoNotes).toEqual(['微信没有按时给出检查结果，值班成员看不到']);
    expect((await uc.getCase(deps, wang, v.id)).photosWaiting?.count).toBe(1);
    expect(await uc.applyImageCheck(deps, { traceId: traceOf(photo('a')), suggest: 'pass' })).toBe('applied');
    expect((await uc.getCase(deps, wang, v.id)).photos).toHaveLength(1);
  });
});
