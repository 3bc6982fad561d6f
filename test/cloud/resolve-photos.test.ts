/**
 * Photos at 办结 through the local cloud: the holder resolves with a photo (cases.resolve `photos`), WeChat's
 * asynchronous content check is asked at once (mediaCheckAsync v2) and its verdict pushed later to `mediaCheck`.
 * Until the pass the resident does not see the photo (a count under the result instead), afterwards they do; a risky
 * one is removed from the case and storage and the holder — not the resident — is told in the message centre; a photo
 * of someone else's, or a value that is not a file id, is refused and nothing changes. The cloud holds every push
 * until the test delivers it (push delay "manual").
 */
import type { CaseView, MessageView } from '../../types/domain';
import { DEMO, DUTY_HOUR, cloudForFile, codeOf, ok } from '../support/local-cloud';

const cloud = cloudForFile({ now: DUTY_HOUR, timers: false });
beforeAll(async () => {
  expect(await cloud.post('/__wx/pushes/delay', { delay: 'manual' })).toEqual({ delay: 'manual' });
});

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
const pipe = { categoryId: 'repair', description: '楼道水管漏水，地上全是水', place: { compoundId: 'hongqiao', building: '3幢', unit: '201' } };
let n = 0;

/** Upload a photo into `openid`'s own folder, as the H5 page does; its fileID. */
async function upload(bytes: Buffer, openid: string): Promise<string> {
  const res = await fetch(`${cloud.url}__storage/upload?cloudPath=photos/${openid}/20261126-r${++n}.jpg`, {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg', 'x-local-openid': openid },
    body: new Uint8Array(bytes),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { fileID: string }).fileID;
}
const fileURL = (fileID: string) => `${cloud.url}__storage/files/${fileID.replace(/^cloud:\/\/[^/]+\//, '')}`;
const view = async (caseId: string, who: string) => ok(await cloud.call<CaseView>('cases', 'get', { caseId }, who));
const deliver = async () => (await cloud.post<{ delivered: Array<{ event: { result: { suggest: string } } | null }> }>('/__wx/pushes/deliver', {})).delivered;
const messagesOf = async (openid: string) => ok(await cloud.call<{ items: MessageView[] }>('messages', 'list', {}, openid)).items;

/** 张阿姨 reports (no photo), 王思瑛 (group 2, on duty) claims it: the case id. */
async function claimedCase(): Promise<string> {
  const filed = ok(await cloud.call<CaseView>('cases', 'submit', pipe, DEMO.zhang));
  ok(await cloud.call<CaseView>('cases', 'claim', { caseId: filed.id }, DEMO.wang));
  return filed.id;
}

describe('the holder resolves with a photo', () => {
  it('the resident sees it only after WeChat passes it, under the result; the holder sees it at once, marked', async () => {
    const caseId = await claimedCase();
    const photo = await upload(JPEG, DEMO.wang);
    const done = ok(await cloud.call<CaseView>('cases', 'resolve', { caseId, note: '换了水管接头，不漏了', photos: [photo] }, DEMO.wang));
    expect(done).toMatchObject({ status: 'resolved', photos: [fileURL(photo)], photoStages: ['resolve'], photoNotes: ['正在做安全检查，通过后居民才能看到'] });
    expect(done.timeline.at(-1)).toMatchObject({ kind: 'resolved', text: '王思瑛办结：换了水管接头，不漏了（附照片1张）' });

    const before = await view(caseId, DEMO.zhang);
    expect(before).toMatchObject({
      status: 'resolved',
      photos: [],
      photosWaiting: null,
      resolutionPhotosWaiting: { count: 1, text: '办好后的照片有1张还在检查，暂时看不到' },
    });
    expect(JSON.stringify(before)).not.toContain(photo.replace(/.*\//, ''));
    // A colleague sees no photo either until the pass.
    expect((await view(caseId, DEMO.lu)).photos).toEqual([]);

    expect((await deliver()).map((p) => p.event?.result.suggest)).toEqual(['pass']);
    const after = await view(caseId, DEMO.zhang);
    expect(after).toMatchObject({ photos: [fileURL(photo)], photoNotes: [''], photoStages: ['resolve'], resolutionPhotosWaiting: null });
    expect((await fetch(after.photos[0])).status).toBe(200);
    expect((await view(caseId, DEMO.lu)).photos).toEqual([fileURL(photo)]);
  });

  it('a risky one is removed from the case and storage; the holder is told, the resident is not', async () => {
    const caseId = await claimedCase();
    const good = await upload(JPEG, DEMO.wang);
    const bad = await upload(Buffer.concat([JPEG, Buffer.from('RISKY-IMAGE')]), DEMO.wang);
    ok(await cloud.call<CaseView>('cases', 'resolve', { caseId, note: '修好了', photos: [good, bad] }, DEMO.wang));
    const residentBefore = (await messagesOf(DEMO.zhang)).filter((m) => m.caseId === caseId);
    expect((await deliver()).map((p) => p.event?.result.suggest).sort()).toEqual(['pass', 'risky']);

    expect((await fetch(fileURL(bad))).status).toBe(404);
    const resident = await view(caseId, DEMO.zhang);
    expect(resident).toMatchObject({ photos: [fileURL(good)], photoStages: ['resolve'], resolutionPhotosWaiting: null });
    expect(resident.timeline.at(-1)).toMatchObject({ kind: 'photo-removed', text: '一张照片没有通过微信的安全检查，已经删除', by: null });
    expect(JSON.stringify(resident.timeline)).not.toContain(bad.replace(/.*\//, ''));

    const told = (await messagesOf(DEMO.wang)).filter((m) => m.caseId === caseId && m.title === '您的一张照片已删除');
    expect(told).toHaveLength(1);
    expect(told[0].text).toContain('您办结时上传的一张照片没有通过微信的安全检查，已经删除');
    const residentAfter = (await messagesOf(DEMO.zhang)).filter((m) => m.caseId === caseId);
    expect(residentAfter).toEqual(residentBefore);
  });

  it('refuses a photo of someone else’s or a value that is not a file id; nothing changes', async () => {
    const caseId = await claimedCase();
    const residents = await upload(JPEG, DEMO.zhang);
    const colleagues = await upload(JPEG, DEMO.lu);
    const mine = await upload(JPEG, DEMO.wang);
    const before = { wang: await view(caseId, DEMO.wang), zhang: await view(caseId, DEMO.zhang) };
    const queued = (await cloud.get<{ pushes: unknown[] }>('/__wx/pushes')).pushes.length;
    const refused: Array<[unknown, string]> = [
      [[residents], '有一张照片不是您上传的'],
      [[mine, colleagues], '有一张照片不是您上传的'],
      [[{ $ne: '' }], ''],
      [[mine, 7], '照片不正确'],
      [mine, '照片不正确'],
      [Array.from({ length: 7 }, () => mine), '最多6张照片'],
      [['https://example.com/a.jpg'], '照片不正确'],
    ];
    for (const [photos, words] of refused) {
      const r = await cloud.call<CaseView>('cases', 'resolve', { caseId, note: '修好了', photos }, DEMO.wang);
      expect(codeOf(r as { ok: boolean; error?: { code: string } })).toBe('INVALID_INPUT');
      if (words) expect((r as { error: { message: string } }).error.message).toContain(words);
    }
    expect({ wang: await view(caseId, DEMO.wang), zhang: await view(caseId, DEMO.zhang) }).toEqual(before);
    expect(before.wang.status).toBe('claimed');
    expect((await cloud.get<{ pushes: unknown[] }>('/__wx/pushes')).pushes).toHaveLength(queued); // no check was asked
    // The resident's own photo is still theirs and still in storage.
    expect((await fetch(fileURL(residents))).status).toBe(200);
  });

  it('the office resolves an escalated case from its queue with a photo: the resident sees it after the pass', async () => {
    const caseId = await claimedCase();
    ok(await cloud.call<CaseView>('cases', 'escalate', { caseId, reason: '需要社区找电工' }, DEMO.wang));
    const photo = await upload(JPEG, DEMO.office);
    const done = ok(await cloud.call<CaseView>('cases', 'resolve', { caseId, note: '社区请电工修好了', photos: [photo] }, DEMO.office));
    expect(done).toMatchObject({ status: 'resolved', photos: [fileURL(photo)], photoStages: ['resolve'] });
    expect((await view(caseId, DEMO.zhang)).resolutionPhotosWaiting).toMatchObject({ count: 1 });
    await deliver();
    expect((await view(caseId, DEMO.zhang)).photos).toEqual([fileURL(photo)]);
  });
});
