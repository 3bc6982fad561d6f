/**
 * Voice notes through the local cloud (issue 14 item 2), as bundled: a resident uploads a recording into their own
 * voices/ folder and files a report with no words; WeChat's asynchronous check of it as audio (mediaCheckAsync v2,
 * media_type 1) is pushed to the `mediaCheck` function; until then only the reporter hears it. Bad voices are refused
 * with stable codes and nothing is written; a risky recording (the local RISKY-AUDIO marker) is removed from storage
 * and the case. The holder writes 进展 by voice alone; the reporter hears it once it passes. The storage serves audio
 * with its content type, whole or in ranges.
 */
import type { CaseSummary, CaseView } from '../../types/domain';
import { DEMO, DUTY_HOUR, cloudForFile, codeOf, ok } from '../support/local-cloud';

interface PushRecord {
  deliveredAt: string | null;
  fn: string | null;
  event: { trace_id: string; result: { suggest: string } } | null;
  ok?: boolean;
  answer?: { ok: boolean; error?: { code: string } };
}

const cloud = cloudForFile({ now: DUTY_HOUR, timers: false });
beforeAll(async () => {
  expect(await cloud.post('/__wx/pushes/delay', { delay: 'manual' })).toEqual({ delay: 'manual' });
});

/** An MP3's first bytes (an ID3 tag) and some frames' worth of bytes: what WeChat's recorder gives, as far as storage looks. */
const MP3 = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([4, 0, 0, 0, 0, 0, 0]), Buffer.alloc(4000, 0x55)]);
const place = { compoundId: 'hongqiao', building: '3幢', unit: '201' };
let n = 0;

/** Upload a recording into `openid`'s voices folder, as the H5 page does; its fileID. */
async function upload(bytes: Buffer, openid = DEMO.zhang, type = 'audio/mpeg', ext = 'mp3'): Promise<string> {
  const res = await fetch(`${cloud.url}__storage/upload?cloudPath=voices/${openid}/20261126-${++n}.${ext}`, {
    method: 'POST',
    headers: { 'content-type': type, 'x-local-openid': openid },
    body: new Uint8Array(bytes),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { fileID: string }).fileID;
}
const view = async (caseId: string, who: string) => ok(await cloud.call<CaseView>('cases', 'get', { caseId }, who));
const deliver = async () => (await cloud.post<{ delivered: PushRecord[] }>('/__wx/pushes/deliver', {})).delivered;
const mine = async (who: string) => ok(await cloud.call<{ cases: CaseSummary[] }>('cases', 'listMine', {}, who)).cases;

describe('a voice-only report', () => {
  it('is filed without words; only the reporter hears it until WeChat passes the audio; then the duty member hears it', async () => {
    const fileId = await upload(MP3);
    const filed = ok(await cloud.call<CaseView>('cases', 'submit', { categoryId: 'repair', place, voice: { fileId, seconds: 23 } }, DEMO.zhang));
    expect(filed.description).toBe('（居民录了一段语音）');
    expect(filed.voice).toEqual({
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/__storage\/files\/voices\//),
      seconds: 23,
      note: '正在做安全检查，通过后处理的人才能听',
    });
    const before = await view(filed.id, DEMO.wang);
    expect(before.voice).toEqual({ url: null, seconds: 23, note: '语音正在做安全检查，通过后才能听' });
    expect(JSON.stringify(before)).not.toContain(fileId.replace(/.*\//, ''));

    const [push] = await deliver();
    expect(push).toMatchObject({ fn: 'mediaCheck', ok: true, answer: { ok: true }, event: { result: { suggest: 'pass' } } });
    const after = await view(filed.id, DEMO.wang);
    expect(after.voice).toMatchObject({ url: expect.stringContaining('/__storage/files/voices/'), seconds: 23, note: '' });
    const got = await fetch(after.voice!.url!);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await got.arrayBuffer()).equals(MP3)).toBe(true);
  });

  it('the local WeChat is asked about audio: media_type 1 (its check of an image marker would not react)', async () => {
    const fileId = await upload(Buffer.concat([MP3, Buffer.from('RISKY-IMAGE')]));
    const filed = ok(await cloud.call<CaseView>('cases', 'submit', { categoryId: 'repair', place, voice: { fileId, seconds: 5 } }, DEMO.zhang));
    const [push] = await deliver();
    expect(push.event?.result.suggest).toBe('pass');
    expect((await view(filed.id, DEMO.wang)).voice?.url).toBeTruthy();
  });

  it('a risky recording (RISKY-AUDIO) is removed: gone from storage and the case, a timeline step, the reporter told', async () => {
    const fileId = await upload(Buffer.concat([MP3, Buffer.from('RISKY-AUDIO')]));
    const filed = ok(
      await cloud.call<CaseView>('cases', 'submit', { categoryId: 'repair', place, description: '楼道的灯坏了', voice: { fileId, seconds: 9 } }, DEMO.zhang),
    );
    const url = filed.voice!.url!;
    expect((await fetch(url)).status).toBe(200);
    const [push] = await deliver();
    expect(push.event?.result.suggest).toBe('risky');
    expect((await fetch(url)).status).toBe(404);
    const after = await view(filed.id, DEMO.zhang);
    expect(after.voice).toBeNull();
    expect(after.timeline.at(-1)).toMatchObject({ kind: 'voice-removed', text: '一段语音没有通过微信的安全检查，已经删除', by: null });
    const messages = ok(await cloud.call<{ items: Array<{ caseId: string; title: string }> }>('messages', 'list', {}, DEMO.zhang)).items;
    expect(messages.filter((m) => m.caseId === filed.id && m.title === '您的一段语音已删除')).toHaveLength(1);
  });
});

describe('bad inputs are refused with codes, and nothing is written', () => {
  it('seconds 0/61/1.5/"5"/{}, a voice that is not an object, someone else’s file, `$` keys, neither words nor voice', async () => {
    const fileId = await upload(MP3);
    const others = await upload(MP3, DEMO.li);
    const before = (await mine(DEMO.zhang)).length;
    const submit = (payload: Record<string, unknown>) => cloud.call<CaseView>('cases', 'submit', { categoryId: 'repair', place, ...payload }, DEMO.zhang);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ voice: { fileId, seconds: 0 } }, 'INVALID_INPUT', '语音的长度要在1到60秒之间，请重新录一段'],
      [{ voice: { fileId, seconds: 61 } }, 'INVALID_INPUT', '语音的长度要在1到60秒之间，请重新录一段'],
      [{ voice: { fileId, seconds: 1.5 } }, 'INVALID_INPUT', '语音的长度要在1到60秒之间，请重新录一段'],
      [{ voice: { fileId, seconds: '5' } }, 'INVALID_INPUT', '语音不正确，请重新录一段'],
      [{ voice: { fileId, seconds: { n: 5 } } }, 'INVALID_INPUT', '语音不正确，请重新录一段'],
      [{ voice: fileId }, 'INVALID_INPUT', '语音不正确，请重新录一段'],
      [{ voice: { fileId: others, seconds: 5 } }, 'INVALID_INPUT', '这段语音不是您录的，请重新录一段'],
      [{ voice: { fileId, seconds: 5, extra: 1 } }, 'INVALID_INPUT', '语音不正确，请重新录一段'],
      [{}, 'NOTHING_SAID', '请说一段话或写几个字'],
      [{ description: '' }, 'NOTHING_SAID', '请说一段话或写几个字'],
    ];
    for (const [payload, code, message] of cases) {
      const r = await submit(payload);
      expect({ payload, error: r.ok ? null : r.error }).toEqual({ payload, error: { code, message } });
    }
    for (const voice of [{ $gt: '' }, { fileId: { $ne: null }, seconds: 5 }, { fileId, 'seconds.$': 5 }]) {
      expect(codeOf(await submit({ voice }))).toBe('INVALID_INPUT');
    }
    expect((await mine(DEMO.zhang)).length).toBe(before);
  });

  it('a voice missing from storage is refused before anything is written', async () => {
    const before = (await mine(DEMO.zhang)).length;
    const r = await cloud.call<CaseView>(
      'cases',
      'submit',
      { categoryId: 'repair', place, voice: { fileId: `cloud://local.golden-key/voices/${DEMO.zhang}/never.mp3`, seconds: 5 } },
      DEMO.zhang,
    );
    expect(r.ok ? null : r.error).toEqual({ code: 'INVALID_INPUT', message: '语音没有传好，请重新录一段' });
    expect((await mine(DEMO.zhang)).length).toBe(before);
  });
});

describe('the holder’s voice note on 写进展', () => {
  it('by voice alone: a step with the voice; the reporter hears it after the check passes', async () => {
    const filed = ok(await cloud.call<CaseView>('cases', 'submit', { categoryId: 'repair', place, description: '水管漏水了好几天' }, DEMO.zhang));
    ok(await cloud.call<CaseView>('cases', 'claim', { caseId: filed.id }, DEMO.wang));
    expect(codeOf(await cloud.call<CaseView>('cases', 'note', { caseId: filed.id, text: '' }, DEMO.wang))).toBe('NOTHING_SAID');
    const fileId = await upload(MP3, DEMO.wang);
    const noted = ok(await cloud.call<CaseView>('cases', 'note', { caseId: filed.id, text: '', voice: { fileId, seconds: 14 } }, DEMO.wang));
    expect(noted.timeline.at(-1)).toMatchObject({
      kind: 'noted',
      text: '王思瑛：（语音14秒）',
      voice: { seconds: 14, url: expect.stringContaining('/voices/') },
    });
    expect((await view(filed.id, DEMO.zhang)).timeline.at(-1)!.voice).toEqual({ url: null, seconds: 14, note: '语音正在做安全检查，通过后才能听' });
    await deliver();
    const heard = (await view(filed.id, DEMO.zhang)).timeline.at(-1)!.voice!;
    expect(heard).toMatchObject({ seconds: 14, note: '' });
    expect((await fetch(heard.url!)).status).toBe(200);
    // A resident's message says there is something to hear.
    const messages = ok(await cloud.call<{ items: Array<{ caseId: string; text: string }> }>('messages', 'list', {}, DEMO.zhang)).items;
    expect(messages.some((m) => m.caseId === filed.id && m.text.includes('（语音14秒）请在事项里听'))).toBe(true);
  });
});

describe('local storage serves audio as an <audio> element asks for it', () => {
  it('audio types by content type or by the bytes; under voices/ only audio, only into one’s own folder; Range GETs', async () => {
    const webm = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(300, 1)]);
    const id = await upload(webm, DEMO.zhang, 'application/octet-stream', 'webm');
    const url = `${cloud.url}__storage/files/${id.replace(/^cloud:\/\/[^/]+\//, '')}`;
    const whole = await fetch(url);
    expect([whole.status, whole.headers.get('content-type'), whole.headers.get('accept-ranges')]).toEqual([200, 'audio/webm', 'bytes']);
    const part = await fetch(url, { headers: { range: 'bytes=0-9' } });
    expect([part.status, part.headers.get('content-range'), (await part.arrayBuffer()).byteLength]).toEqual([206, `bytes 0-9/${webm.length}`, 10]);
    const tail = await fetch(url, { headers: { range: 'bytes=300-' } });
    expect([tail.status, (await tail.arrayBuffer()).byteLength]).toEqual([206, 4]);
    expect((await fetch(url, { headers: { range: 'bytes=9999-' } })).status).toBe(416);

    const post = (cloudPath: string, type: string, who = DEMO.zhang) =>
      fetch(`${cloud.url}__storage/upload?cloudPath=${cloudPath}`, {
        method: 'POST',
        headers: { 'content-type': type, 'x-local-openid': who },
        body: new Uint8Array(MP3),
      });
    expect((await post(`voices/${DEMO.zhang}/x.jpg`, 'image/jpeg')).status).toBe(415);
    expect((await post(`voices/${DEMO.li}/x.mp3`, 'audio/mpeg')).status).toBe(403);
    expect((await post(`photos/${DEMO.zhang}/x.mp3`, 'audio/mpeg')).status).toBe(415);
    expect((await post(`voices/${DEMO.zhang}/m.m4a`, 'audio/mp4')).status).toBe(200);
  });
});
