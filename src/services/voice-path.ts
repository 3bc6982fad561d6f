/**
 * What every platform's voice module (voice.ts / voice.weapp.ts / voice.h5.ts) shares: the recording, the upload's
 * cloud path and the words of a failure. Its own file for the same reason as photo-path.ts.
 */

/** A finished recording on the phone: where it is, how long, and what kind of file. */
export interface Recording {
  /** weapp: the recorder's temp file; H5: a blob URL. */
  path: string;
  /** Milliseconds actually recorded. */
  ms: number;
  /** The file's content type (audio/mpeg, audio/webm …) and name extension (mp3, webm …). */
  mime: string;
  ext: string;
  /** Bytes, when the platform says. */
  size: number | null;
}

/** Starting to record: ok, or why not in words (`denied`: the microphone was refused). */
export type RecordStart = { ok: true } | { ok: false; denied: boolean; message: string };

/** One recording at a time: start, then stop (null when nothing usable was recorded). */
export interface VoiceRecorder {
  start(): Promise<RecordStart>;
  stop(): Promise<Recording | null>;
  /** Stop and throw away (the page is left, 删除 while recording). */
  cancel(): void;
}

/** One voice note playing at a time: play `url` (onEnd when it finishes or fails), stop. */
export interface VoicePlayer {
  play(url: string, onEnd: (failed: boolean) => void): void;
  stop(): void;
}

export type VoiceUpload = { ok: true; fileID: string } | { ok: false; message: string };

/** Said when the microphone was refused: the typed description still works. */
export const MIC_DENIED = '没有打开麦克风，不能录音。您可以直接打字写下来。';
/** Said when this phone or browser cannot record at all. */
export const CANNOT_RECORD = '这里不能录音，请直接打字写下来。';
/** Said when an upload fails without a reason of its own. */
export const VOICE_UPLOAD_FAILED = '语音没有传上去，可能是网络不太好。';

/**
 * `voices/<openid>/<yyyymmdd>-<random>.<ext>`: the caller's own folder, a fresh name per recording. A step accepts only
 * a voice from the caller's folder: this must stay what cloudfunctions/core/photos.ts `voiceCloudPath` gives.
 * Throws when `openid` is not a usable openid (e.g. not loaded yet).
 */
export function voiceCloudPath(openid: string, ext: string, now: Date = new Date()): string {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(openid)) throw new Error('voiceCloudPath: no usable openid');
  if (!/^[a-z0-9]{1,10}$/.test(ext)) throw new Error('voiceCloudPath: bad extension');
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  let random = '';
  for (let i = 0; i < 16; i++) random += Math.floor(Math.random() * 16).toString(16);
  return `voices/${openid}/${day}-${random}.${ext}`;
}
