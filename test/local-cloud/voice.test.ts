/**
 * The local cloud's stand-ins for voice notes: mediaCheckAsync v2 with media_type 1 (audio) judged by the audio
 * markers (RISKY-AUDIO, REVIEW-AUDIO), which an image check ignores, and the image markers, which an audio check
 * ignores; the storage's audio sniffing (what a typeless browser upload is stored as).
 */
import { LocalSecurity } from '../../cloudfunctions/local-cloud/security';
import { folderRefusal, sniffAudio } from '../../cloudfunctions/local-cloud/storage';

const MP3 = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.alloc(64, 0x55)]);
const at = { appid: 'wx0000000000local', username: 'gh_local00000000', nowMs: Date.UTC(2026, 10, 26, 2) };

describe('mediaCheckAsync with media_type 1 (audio)', () => {
  const security = new LocalSecurity();
  const ask = (mediaType: 1 | 2) =>
    security.mediaCheckAsync({ media_url: 'http://127.0.0.1:1/__storage/files/voices/u/a.mp3', media_type: mediaType, version: 2, scene: 2, openid: 'u' });

  it('is accepted with a trace id, and its push is judged by the audio markers only', () => {
    const { answer, check } = ask(1);
    expect(answer).toMatchObject({ errCode: 0, traceId: expect.any(String) });
    expect(check.mediaType).toBe(1);
    const verdict = (bytes: Buffer) => security.mediaCheckPush(check, bytes, at).result.suggest;
    expect(verdict(MP3)).toBe('pass');
    expect(verdict(Buffer.concat([MP3, Buffer.from('RISKY-AUDIO')]))).toBe('risky');
    expect(verdict(Buffer.concat([MP3, Buffer.from('REVIEW-AUDIO')]))).toBe('review');
    expect(verdict(Buffer.concat([MP3, Buffer.from('RISKY-IMAGE')]))).toBe('pass');
    expect(security.mediaCheckPush(check, null, at).result.suggest).toBe('review'); // not downloadable
  });

  it('an image check does not react to the audio markers', () => {
    const { check } = ask(2);
    expect(security.mediaCheckPush(check, Buffer.concat([MP3, Buffer.from('RISKY-AUDIO')]), at).result.suggest).toBe('pass');
  });
});

describe('storage: audio', () => {
  it('sniffs MP3, WebM, Ogg, MP4 and AAC by their first bytes; nothing else', () => {
    expect(sniffAudio(MP3)).toBe('audio/mpeg');
    expect(sniffAudio(Buffer.from([0xff, 0xfb, 0x90, 0x00]))).toBe('audio/mpeg');
    expect(sniffAudio(Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0]))).toBe('audio/webm');
    expect(sniffAudio(Buffer.from('OggS\0\0', 'latin1'))).toBe('audio/ogg');
    expect(sniffAudio(Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypM4A ', 'latin1')]))).toBe('audio/mp4');
    expect(sniffAudio(Buffer.from([0xff, 0xf1, 0x50, 0x80]))).toBe('audio/aac');
    expect(sniffAudio(Buffer.from('<html>', 'latin1'))).toBeNull();
  });

  it('voices/ only into one’s own folder, like photos/', () => {
    expect(folderRefusal('voices/u1/a.mp3', 'u1')).toBeNull();
    expect(folderRefusal('voices/u2/a.mp3', 'u1')).toMatch(/语音只能传到自己的文件夹/);
    expect(folderRefusal('voices/u1', 'u1')).not.toBeNull();
  });
});
