/**
 * Voice notes (issue 14 item 2): a report said by voice alone is a report; the voice must be the caller's own upload
 * of 1..60 whole seconds; WeChat checks it as audio (media_type 1) and until it passes only its recorder hears it —
 * others are told 「语音正在做安全检查，通过后才能听」, a private case's pool nothing at all; a risky one is removed.
 * The holder may write 进展 by voice alone, or add a voice to 办结 (whose words stay required).
 */
import { ownsVoice, voiceCloudPath } from '../../cloudfunctions/core/photos';
import { voiceCloudPath as pagesVoicePath } from '../../src/services/voice-path';
import { VOICE_ONLY_DESCRIPTION, VOICE_REMOVED_TEXT, VOICE_WAITING_NOTE } from '../../cloudfunctions/core/voice-checks';
import { schemas, chineseErrorMap } from '../../cloudfunctions/runtime/schemas';
import * as uc from '../../cloudfunctions/core/usecases';
import { aCommunity, aMember, aPerson, bj, fakeDeps } from '../fakes';

const zhang = aPerson({ id: 'r1', name: '张阿姨', phone: '13812345678' });
const li = aPerson({ id: 'r2', name: '李大伯' });
const wang = aMember('m-wang', 'g2', '王思瑛', ['hongqiao']);
const lu = aMember('m-lu', 'g2', '陆建国', ['hubin']);
const wu = aPerson({ id: 'o-wu', role: 'office', name: '吴霞' });
const people = [zhang, li, wang, lu, wu];
const T = bj('2026-11-26 10:00');
const voiceOf = (owner: string, n: string) => `cloud://local.golden-key/voices/${owner}/${n}.mp3`;
const audioTrace = (fileID: string) => `trace:audio:https://files.test/${fileID}`;
const place = { compoundId: 'hongqiao', building: '2幢', unit: '302' };
const spoken = (fileId: string, seconds = 23) => ({ categoryId: 'repair', place, voice: { fileId, seconds } });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: { code?: string }) => e.code ?? String(e),
  );
const parse = (schema: keyof typeof schemas, v: unknown) => {
  const r = schemas[schema].safeParse(v, { errorMap: chineseErrorMap });
  return r.success ? 'ok' : r.error.issues[0]?.message;
};

describe('whose voice it is', () => {
  it('voices/<openid>/<name> only, like photos', () => {
    expect(voiceCloudPath('r1', '20261126-ab.mp3')).toBe('voices/r1/20261126-ab.mp3');
    expect(ownsVoice('r1', voiceOf('r1', 'a'))).toBe(true);
    expect(ownsVoice('r1', voiceOf('r10', 'a'))).toBe(false);
    expect(ownsVoice('r1', 'cloud://local.golden-key/photos/r1/a.jpg')).toBe(false);
    expect(ownsVoice('r1', 'cloud://local.golden-key/voices/r1/../r2/a.mp3')).toBe(false);
  });

  it('every path the pages upload a recording to is one the server accepts as the uploader’s', () => {
    for (const ext of ['mp3', 'webm', 'ogg', 'm4a']) {
      const p = pagesVoicePath('demo-resident-zhang', ext);
      expect(p).toMatch(new RegExp(`^voices/demo-resident-zhang/\\d{8}-[0-9a-f]{16}\\.${ext}$`));
      expect(ownsVoice('demo-resident-zhang', `cloud://env-1.bucket/${p}`)).toBe(true);
      expect(ownsVoice('demo-resident-li', `cloud://env-1.bucket/${p}`)).toBe(false);
    }
  });
});

describe('the submit schema: a voice of 1..60 whole seconds; the words may then be left out', () => {
  it('accepts a voice-only report and refuses bad voices in Chinese', () => {
    expect(parse('submit', spoken(voiceOf('r1', 'a')))).toBe('ok');
    expect(parse('submit', { ...spoken(voiceOf('r1', 'a')), description: '' })).toBe('ok');
    for (const seconds of [0, 61, 1.5, -3]) expect(parse('submit', spoken(voiceOf('r1', 'a'), seconds))).toBe('语音的长度要在1到60秒之间，请重新录一段');
    for (const voice of [
      'x',
      5,
      [voiceOf('r1', 'a')],
      { fileId: voiceOf('r1', 'a'), seconds: '5' },
      { fileId: { $ne: 1 }, seconds: 3 },
      { fileId: voiceOf('r1', 'a'), seconds: 3, x: 1 },
    ]) {
      expect(parse('submit', { categoryId: 'repair', place, voice })).toBe('语音不正确，请重新录一段');
    }
    expect(parse('submit', { categoryId: 'repair', place, description: '水管' })).toBe('请多写几个字，说清楚是什么事（至少5个字）');
    expect(parse('note', { caseId: 'c1', text: '' })).toBe('ok'); // the use case decides (NOTHING_SAID without a voice)
  });
});

describe('a voice-only report', () => {
  it('is filed; WeChat is asked about audio (media_type 1); only the reporter hears it until it passes', async () => {
    const deps = fakeDeps({ now: T, people });
    const fileId = voiceOf('r1', 'leak');
    const mine = await uc.submitCase(deps, zhang, spoken(fileId));
    expect(mine.description).toBe(VOICE_ONLY_DESCRIPTION);
    expect(mine.voice).toEqual({ url: `https://files.test/${fileId}`, seconds: 23, note: '正在做安全检查，通过后处理的人才能听' });
    const stored = (await deps.cases.ofId(mine.id))!;
    expect(stored.description).toBe('');
    expect(stored.voices).toEqual([
      expect.objectContaining({ fileID: fileId, seconds: 23, check: 'checking', by: 'r1', stage: 'report', traceId: audioTrace(fileId) }),
    ]);

    const member = await uc.getCase(deps, wang, mine.id);
    expect(member.voice).toEqual({ url: null, seconds: 23, note: VOICE_WAITING_NOTE });
    expect(JSON.stringify(member)).not.toContain('leak.mp3');

    expect(await uc.applyImageCheck(deps, { traceId: audioTrace(fileId), suggest: 'pass' })).toBe('applied');
    expect((await uc.getCase(deps, wang, mine.id)).voice).toEqual({ url: `https://files.test/${fileId}`, seconds: 23, note: '' });
    expect(await uc.applyImageCheck(deps, { traceId: audioTrace(fileId), suggest: 'pass' })).toBe('unknown'); // applied once
  });

  it('neither words nor a voice is NOTHING_SAID; someone else’s voice or a bad length is refused; nothing is stored', async () => {
    const deps = fakeDeps({ now: T, people });
    expect(await codeOf(uc.submitCase(deps, zhang, { categoryId: 'repair', place }))).toBe('NOTHING_SAID');
    expect(await codeOf(uc.submitCase(deps, zhang, { categoryId: 'repair', place, description: '   ' }))).toBe('NOTHING_SAID');
    await expect(uc.submitCase(deps, zhang, spoken(voiceOf('r2', 'his')))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: '这段语音不是您录的，请重新录一段',
    });
    expect(await codeOf(uc.submitCase(deps, zhang, spoken(voiceOf('r1', 'a'), 61)))).toBe('INVALID_INPUT');
    expect(await codeOf(uc.submitCase(deps, zhang, spoken('cloud://local.golden-key/photos/r1/a.jpg')))).toBe('INVALID_INPUT');
    expect(await deps.cases.ofReporter('r1', 20)).toEqual([]);
  });

  it('a risky voice is removed: off the case, its file deleted, a timeline step, the reporter told', async () => {
    const deps = fakeDeps({ now: T, people });
    const fileId = voiceOf('r1', 'bad');
    const v = await uc.submitCase(deps, zhang, { ...spoken(fileId), description: '楼道里有人吵架' });
    expect(await uc.applyImageCheck(deps, { traceId: audioTrace(fileId), suggest: 'risky' })).toBe('applied');
    const after = await uc.getCase(deps, zhang, v.id);
    expect(after.voice).toBeNull();
    expect(after.timeline.at(-1)).toMatchObject({ kind: 'voice-removed', text: VOICE_REMOVED_TEXT, by: null });
    expect(deps.files.removed).toContain(fileId);
  });

  it('a private case’s pool is told nothing about the voice; the office hears one held for review', async () => {
    const community = aCommunity();
    const cat = community.categories.find((c) => c.private)!;
    const deps = fakeDeps({ now: T, people, community });
    const fileId = voiceOf('r1', 'quiet');
    const v = await uc.submitCase(deps, zhang, { ...spoken(fileId), categoryId: cat.id });
    await uc.applyImageCheck(deps, { traceId: audioTrace(fileId), suggest: 'pass' });
    const pool = await uc.getCase(deps, wang, v.id);
    expect(pool.voice).toBeNull();
    expect(JSON.stringify(pool)).not.toContain('quiet');

    const other = voiceOf('r1', 'held');
    const w = await uc.submitCase(deps, zhang, spoken(other));
    await uc.applyImageCheck(deps, { traceId: audioTrace(other), suggest: 'review' });
    expect((await uc.getCase(deps, wu, w.id)).voice).toMatchObject({ url: expect.stringContaining('held.mp3'), note: expect.stringContaining('人工听') });
    expect((await uc.getCase(deps, wang, w.id)).voice).toEqual({ url: null, seconds: 23, note: VOICE_WAITING_NOTE });
  });
});

describe('the holder replies by voice', () => {
  async function claimed() {
    const deps = fakeDeps({ now: T, people });
    const v = await uc.submitCase(deps, zhang, { categoryId: 'repair', place, description: '水管爆裂一直漏水' });
    await uc.claimCase(deps, wang, v.id);
    return { deps, id: v.id };
  }

  it('写进展 by voice alone: a step with a player; the reporter hears it after the check; words-and-voice-less is NOTHING_SAID', async () => {
    const { deps, id } = await claimed();
    expect(await codeOf(uc.noteCase(deps, wang, id, '  '))).toBe('NOTHING_SAID');
    const fileId = voiceOf('m-wang', 'progress');
    const held = await uc.noteCase(deps, wang, id, '', { fileId, seconds: 12 });
    expect(held.timeline.at(-1)).toMatchObject({
      kind: 'noted',
      text: '王思瑛：（语音12秒）',
      voice: { url: expect.stringContaining('progress.mp3'), seconds: 12 },
    });
    const before = await uc.getCase(deps, zhang, id);
    expect(before.timeline.at(-1)!.voice).toEqual({ url: null, seconds: 12, note: VOICE_WAITING_NOTE });
    await uc.applyImageCheck(deps, { traceId: audioTrace(fileId), suggest: 'pass' });
    expect((await uc.getCase(deps, zhang, id)).timeline.at(-1)!.voice).toEqual({ url: `https://files.test/${fileId}`, seconds: 12, note: '' });
    // Only the holder's own upload: a resident's voice is refused.
    expect(await codeOf(uc.noteCase(deps, wang, id, '', { fileId: voiceOf('r1', 'x'), seconds: 3 }))).toBe('INVALID_INPUT');
  });

  it('办结 takes a voice beside its words; the words are still required', async () => {
    const { deps, id } = await claimed();
    const fileId = voiceOf('m-wang', 'done');
    expect(await codeOf(uc.resolveCase(deps, wang, id, '', [], { fileId, seconds: 8 }))).toBe('INVALID_INPUT');
    const v = await uc.resolveCase(deps, wang, id, '换好了', [], { fileId, seconds: 8 });
    expect(v.timeline.at(-1)).toMatchObject({ kind: 'resolved', text: '王思瑛办结：换好了（附语音8秒）', voice: { seconds: 8 } });
  });
});
