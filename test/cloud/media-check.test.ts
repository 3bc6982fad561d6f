/**
 * Photos through the local cloud with WeChat's asynchronous content check (issue 11, item 4): cases.submit turns each
 * photo into a download URL (getTempFileURL) and asks security.mediaCheckAsync v2; the verdict is pushed later
 * (消息推送, event wxa_media_check) to the `mediaCheck` function through the runner, as bundled.
 * The first cloud holds every push until the test delivers it (push delay "manual"), so it can look
 * at the case before and after; the second pushes at once (delay 0), so the push races the submit's own write, and
 * prints the end-to-end path with its timings.
 */
import type { CaseView, MessageView } from '../../types/domain';
import { DEMO, DUTY_HOUR, cloudForFile, codeOf, ok } from '../support/local-cloud';

interface PushRecord {
  label: string;
  queuedAt: string;
  deliveredAt: string | null;
  fn: string | null;
  event: { trace_id: string; result: { suggest: string } } | null;
  ok?: boolean;
  answer?: { ok: boolean; error?: { code: string } };
  ms?: number;
}

const cloud = cloudForFile({ now: DUTY_HOUR, timers: false });
const fast = cloudForFile({ now: DUTY_HOUR, timers: false });
beforeAll(async () => {
  expect(await cloud.post('/__wx/pushes/delay', { delay: 'manual' })).toEqual({ delay: 'manual' });
  expect(await fast.post('/__wx/pushes/delay', { delay: 0 })).toEqual({ delay: 0 });
});

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
const pipe = { categoryId: 'repair', description: '楼道水管漏水，地上全是水', place: { compoundId: 'hongqiao', building: '3幢', unit: '201' } };
let n = 0;

/** Upload a photo into the resident's own folder, as the H5 page does; its fileID. */
async function upload(on: typeof cloud, bytes: Buffer, openid = DEMO.zhang): Promise<string> {
  const res = await fetch(`${on.url}__storage/upload?cloudPath=photos/${openid}/20261126-${++n}.jpg`, {
    method: 'POST',
    headers: { 'content-type': 'image/jpeg', 'x-local-openid': openid },
    body: new Uint8Array(bytes),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { fileID: string }).fileID;
}
const fileURL = (on: typeof cloud, fileID: string) => `${on.url}__storage/files/${fileID.replace(/^cloud:\/\/[^/]+\//, '')}`;
const view = async (on: typeof cloud, caseId: string, who: string) => ok(await on.call<CaseView>('cases', 'get', { caseId }, who));
const pushes = async (on: typeof cloud, settle = false) => (await on.get<{ pushes: PushRecord[] }>(`/__wx/pushes${settle ? '?settle=1' : ''}`)).pushes;
const deliver = async () => (await cloud.post<{ delivered: PushRecord[] }>('/__wx/pushes/deliver', {})).delivered;
const pushNow = async (event: unknown) => (await cloud.post<{ push: PushRecord }>('/__wx/push', { event })).push;
const messagesOf = async (openid: string) => ok(await cloud.call<{ items: MessageView[] }>('messages', 'list', {}, openid)).items;

describe('a clean photo', () => {
  it('the reporter sees it at once, a duty member a placeholder; after the push the member sees it', async () => {
    const fileID = await upload(cloud, JPEG);
    const filed = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, photos: [fileID] }, DEMO.zhang));
    expect(filed).toMatchObject({ photos: [expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/__storage\/files\/photos\//)], photosWaiting: null });
    expect(filed.photoNotes).toEqual(['正在做安全检查，通过后处理的人才能看到']);
    const before = await view(cloud, filed.id, DEMO.wang);
    expect(before).toMatchObject({ photos: [], photoNotes: [], photosWaiting: { count: 1, text: '有1张照片还在检查，暂时看不到' } });
    expect(JSON.stringify(before)).not.toContain(fileID.replace(/.*\//, ''));

    const held = (await pushes(cloud)).filter((p) => p.deliveredAt === null);
    expect(held).toHaveLength(1);
    const [done] = await deliver();
    expect(done).toMatchObject({ fn: 'mediaCheck', ok: true, answer: { ok: true }, event: { result: { suggest: 'pass' } } });
    expect(done.event).toMatchObject({ MsgType: 'event', Event: 'wxa_media_check', version: 2, appid: expect.any(String), CreateTime: expect.any(Number) });

    const after = await view(cloud, filed.id, DEMO.wang);
    expect(after).toMatchObject({ photos: [fileURL(cloud, fileID)], photoNotes: [''], photosWaiting: null });
    expect((await fetch(after.photos[0])).status).toBe(200);
    expect((await view(cloud, filed.id, DEMO.zhang)).photoNotes).toEqual(['']);
  });
});

describe('a risky photo (the local RISKY-IMAGE marker)', () => {
  let caseId = '';
  let event: PushRecord['event'] = null;

  it('after the push it is gone from storage and from the case, and the reporter has the message', async () => {
    const good = await upload(cloud, JPEG);
    const bad = await upload(cloud, Buffer.concat([JPEG, Buffer.from('RISKY-IMAGE')]));
    const filed = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, photos: [good, bad] }, DEMO.zhang));
    caseId = filed.id;
    expect(filed.photos).toHaveLength(2);
    expect((await fetch(fileURL(cloud, bad))).status).toBe(200);
    const delivered = await deliver();
    expect(delivered.map((p) => p.event?.result.suggest).sort()).toEqual(['pass', 'risky']);
    event = delivered.find((p) => p.event?.result.suggest === 'risky')!.event;

    expect((await fetch(fileURL(cloud, bad))).status).toBe(404);
    const mine = await view(cloud, caseId, DEMO.zhang);
    expect(mine.photos).toEqual([fileURL(cloud, good)]);
    expect(mine.timeline.at(-1)).toMatchObject({ kind: 'photo-removed', text: '一张照片没有通过微信的安全检查，已经删除', by: null });
    expect(JSON.stringify(mine.timeline)).not.toContain(bad.replace(/.*\//, ''));
    expect((await view(cloud, caseId, DEMO.wang)).photos).toEqual([fileURL(cloud, good)]);
    const told = (await messagesOf(DEMO.zhang)).filter((m) => m.caseId === caseId && m.text.includes('您上传的一张照片没有通过微信的安全检查，已经删除'));
    expect(told).toHaveLength(1);
  });

  it('a repeated push is applied once: nothing more is removed, written or told', async () => {
    expect(event).not.toBeNull();
    const before = await view(cloud, caseId, DEMO.zhang);
    const messages = (await messagesOf(DEMO.zhang)).length;
    for (let i = 0; i < 3; i++) expect(codeOf((await pushNow(event)).answer!)).toBe('CASE_NOT_FOUND');
    expect(await view(cloud, caseId, DEMO.zhang)).toEqual(before);
    expect((await messagesOf(DEMO.zhang)).length).toBe(messages);
    expect(before.timeline.filter((t) => t.kind === 'photo-removed')).toHaveLength(1);
  });
});

describe('forged pushes', () => {
  it('an unknown trace id changes nothing, nor does a push from a client (even with a real trace id)', async () => {
    const fileID = await upload(cloud, JPEG);
    const filed = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, photos: [fileID] }, DEMO.zhang));
    const waiting = (await pushes(cloud)).find((p) => p.deliveredAt === null)!;
    expect(waiting).toBeDefined();
    const before = { zhang: await view(cloud, filed.id, DEMO.zhang), wang: await view(cloud, filed.id, DEMO.wang) };
    const forged = {
      ToUserName: 'gh_local00000000',
      FromUserName: DEMO.zhang,
      CreateTime: 1795000000,
      MsgType: 'event',
      Event: 'wxa_media_check',
      appid: 'wx0000000000local',
      trace_id: 'forged-0000-0001',
      version: 2,
      result: { suggest: 'pass', label: 100 },
      detail: [{ strategy: 'content_model', errcode: 0, suggest: 'pass', label: 100, prob: 90 }],
    };
    expect(codeOf((await pushNow(forged)).answer!)).toBe('CASE_NOT_FOUND');
    expect(codeOf((await pushNow({ ...forged, trace_id: { $ne: '' } })).answer!)).toBe('INVALID_INPUT');
    expect(codeOf((await pushNow({ ...forged, result: { suggest: 'pass' } })).answer!)).toBe('INVALID_INPUT');
    // The real trace id is never shown to anyone, but even knowing it a client cannot push.
    const traceId = waiting.label.replace('wxa_media_check ', '');
    expect(JSON.stringify(before)).not.toContain(traceId);
    expect(codeOf((await cloud.raw('mediaCheck', { ...forged, trace_id: traceId }, DEMO.li)).body as { ok: boolean })).toBe('FORBIDDEN');
    expect(codeOf((await cloud.raw('mediaCheck', { ...forged, trace_id: traceId, appid: 'wx-other' }, '')).body as { ok: boolean })).not.toBe('OK');
    expect({ zhang: await view(cloud, filed.id, DEMO.zhang), wang: await view(cloud, filed.id, DEMO.wang) }).toEqual(before);
    await deliver();
    expect((await view(cloud, filed.id, DEMO.wang)).photos).toHaveLength(1);
  });
});

describe('WeChat asks for a review (the local REVIEW-IMAGE marker)', () => {
  it('duty members never see it, the office does (marked), and nobody is told', async () => {
    const fileID = await upload(cloud, Buffer.concat([JPEG, Buffer.from('REVIEW-IMAGE')]));
    const filed = ok(await cloud.call<CaseView>('cases', 'submit', { ...pipe, photos: [fileID] }, DEMO.zhang));
    const messages = (await messagesOf(DEMO.zhang)).length;
    expect((await deliver()).map((p) => p.event?.result.suggest)).toEqual(['review']);
    expect((await view(cloud, filed.id, DEMO.wang)).photosWaiting).toMatchObject({ count: 1 });
    expect(await view(cloud, filed.id, DEMO.office)).toMatchObject({
      photos: [fileURL(cloud, fileID)],
      photoNotes: ['微信提示这张照片需要人工看一下，值班成员看不到'],
    });
    expect((await view(cloud, filed.id, DEMO.zhang)).photoNotes).toEqual(['这张照片只有您和社区办公室能看到']);
    expect((await messagesOf(DEMO.zhang)).length).toBe(messages);
    expect((await fetch(fileURL(cloud, fileID))).status).toBe(200);
  });
});

describe('end to end with an immediate push (it races the submit’s own write)', () => {
  it('submit → mediaCheckAsync → push → visible to the duty member, with timings', async () => {
    const fileID = await upload(fast, JPEG);
    const t0 = Date.now();
    const filed = ok(await fast.call<CaseView>('cases', 'submit', { ...pipe, photos: [fileID] }, DEMO.zhang));
    const submitted = Date.now();
    let member = await view(fast, filed.id, DEMO.wang);
    while (member.photos.length === 0 && Date.now() - t0 < 15_000) {
      await new Promise((r) => setTimeout(r, 25));
      member = await view(fast, filed.id, DEMO.wang);
    }
    const visible = Date.now();
    expect(member.photos).toEqual([fileURL(fast, fileID)]);
    const [push] = await pushes(fast, true);
    expect(push).toMatchObject({ fn: 'mediaCheck', ok: true, answer: { ok: true } });
    const asked = Date.parse(push.queuedAt) - t0;
    const pushed = Date.parse(push.deliveredAt!) - t0;
    const line =
      `MEDIA CHECK end to end: submit ${submitted - t0} ms (getTempFileURL + mediaCheckAsync accepted at +${asked} ms, case written) → ` +
      `push delivered at +${pushed} ms, mediaCheck took ${push.ms} ms → visible to the duty member at +${visible - t0} ms`;
    process.stdout.write(`${line}\n`);
    expect(visible - t0).toBeLessThan(15_000);
  });
});
