/**
 * Voice notes in the browser (the H5 build with the local cloud): getUserMedia + MediaRecorder, the local cloud's
 * storage over HTTP, an <audio> element.
 *
 * MediaRecorder settings: mono, audioBitsPerSecond 24000, the first type this browser records of
 * audio/webm;codecs=opus (Chromium, Firefox), audio/ogg;codecs=opus, audio/mp4 (Safari). Opus at 24 kbit/s is clear
 * speech; a minute is about 24,000 × 60 / 8 = 180,000 bytes plus the container's few hundred (the browser test
 * measures it).
 */
import { VOICE_LIMITS } from '../../types/limits';
import { currentDevOpenid } from './dev-identity';
import {
  CANNOT_RECORD,
  MIC_DENIED,
  VOICE_UPLOAD_FAILED,
  voiceCloudPath,
  type Recording,
  type RecordStart,
  type VoicePlayer,
  type VoiceRecorder,
  type VoiceUpload,
} from './voice-path';

export type { Recording, RecordStart, VoicePlayer, VoiceRecorder, VoiceUpload } from './voice-path';

/** MediaRecorder's bit rate (see the file's comment). */
export const AUDIO_BITS_PER_SECOND = 24000;

/** Types tried in order, with the file extension each gets in storage. */
const TYPES: Array<{ mime: string; ext: string }> = [
  { mime: 'audio/webm;codecs=opus', ext: 'webm' },
  { mime: 'audio/webm', ext: 'webm' },
  { mime: 'audio/ogg;codecs=opus', ext: 'ogg' },
  { mime: 'audio/mp4', ext: 'm4a' },
];

function pickType(): { mime: string; ext: string } | null {
  if (typeof MediaRecorder === 'undefined') return null;
  return TYPES.find((t) => typeof MediaRecorder.isTypeSupported !== 'function' || MediaRecorder.isTypeSupported(t.mime)) ?? null;
}

export function createRecorder(): VoiceRecorder {
  let rec: MediaRecorder | null = null;
  let stream: MediaStream | null = null;
  let chunks: Blob[] = [];
  let startedAt = 0;
  let type: { mime: string; ext: string } | null = null;
  let cancelled = false;
  const release = () => {
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
  };
  return {
    start: async (): Promise<RecordStart> => {
      type = pickType();
      if (!type || !navigator.mediaDevices?.getUserMedia) return { ok: false, denied: false, message: CANNOT_RECORD };
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
      } catch (err) {
        const name = (err as { name?: string })?.name ?? '';
        const denied = name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError';
        return { ok: false, denied, message: denied ? MIC_DENIED : CANNOT_RECORD };
      }
      try {
        chunks = [];
        cancelled = false;
        rec = new MediaRecorder(stream, { mimeType: type.mime, audioBitsPerSecond: AUDIO_BITS_PER_SECOND });
        rec.ondataavailable = (e) => {
          if (e.data && e.data.size > 0) chunks.push(e.data);
        };
        await new Promise<void>((resolve, reject) => {
          rec!.onstart = () => resolve();
          rec!.onerror = () => reject(new Error('MediaRecorder failed'));
          rec!.start();
        });
        startedAt = Date.now();
        return { ok: true };
      } catch {
        release();
        rec = null;
        return { ok: false, denied: false, message: CANNOT_RECORD };
      }
    },
    stop: () =>
      new Promise<Recording | null>((resolve) => {
        const r = rec;
        if (!r || r.state === 'inactive' || !type) {
          release();
          return resolve(null);
        }
        const ms = Math.min(Date.now() - startedAt, VOICE_LIMITS.maxSeconds * 1000);
        const t = type;
        r.onstop = () => {
          release();
          rec = null;
          if (cancelled || chunks.length === 0) return resolve(null);
          const blob = new Blob(chunks, { type: t.mime.split(';')[0] });
          resolve({ path: URL.createObjectURL(blob), ms, mime: blob.type, ext: t.ext, size: blob.size });
        };
        r.stop();
      }),
    cancel: () => {
      cancelled = true;
      if (rec && rec.state !== 'inactive') rec.stop();
      else release();
    },
  };
}

/** The local cloud's refusals in words (see cloudfunctions/local-cloud/storage.ts). */
function refusal(status: number): string {
  if (status === 413) return '这段语音太大了，传不上去，请录短一点。';
  if (status === 403) return '语音没有传上去：请重新打开页面再试。';
  return VOICE_UPLOAD_FAILED;
}

/** Local cloud: POST /__storage/upload?cloudPath=voices/<openid>/… with the recording's bytes. */
export async function uploadVoice(rec: Recording, openid: string): Promise<VoiceUpload> {
  try {
    const cloudPath = voiceCloudPath(openid, rec.ext);
    const blob = await (await fetch(rec.path)).blob();
    const res = await fetch(`/__storage/upload?cloudPath=${encodeURIComponent(cloudPath)}`, {
      method: 'POST',
      headers: { 'content-type': rec.mime || 'application/octet-stream', 'x-local-openid': currentDevOpenid() ?? '' },
      body: blob,
    });
    if (!res.ok) return { ok: false, message: refusal(res.status) };
    const body = (await res.json()) as { fileID?: unknown };
    return typeof body.fileID === 'string' && body.fileID ? { ok: true, fileID: body.fileID } : { ok: false, message: VOICE_UPLOAD_FAILED };
  } catch {
    return { ok: false, message: VOICE_UPLOAD_FAILED };
  }
}

/**
 * One hidden <audio> element (data-testid="voice-audio") for the page's players: a new play stops the one before.
 * NOTE: an element in the document rather than `new Audio()`, so the browser test can see what it loaded.
 */
export function createPlayer(): VoicePlayer {
  let el: HTMLAudioElement | null = null;
  let done: ((failed: boolean) => void) | null = null;
  const stop = () => {
    if (el) {
      el.pause();
      el.removeAttribute('src');
      el.load();
    }
    done = null;
  };
  return {
    play: (url, onEnd) => {
      stop();
      if (!el) {
        el = document.createElement('audio');
        el.setAttribute('data-testid', 'voice-audio');
        el.preload = 'auto';
        el.style.display = 'none';
        document.body.appendChild(el);
        el.addEventListener('ended', () => {
          const d = done;
          done = null;
          d?.(false);
        });
        el.addEventListener('error', () => {
          const d = done;
          done = null;
          d?.(true);
        });
      }
      done = onEnd;
      el.src = url;
      el.play().catch(() => {
        const d = done;
        done = null;
        d?.(true);
      });
    },
    stop,
  };
}
