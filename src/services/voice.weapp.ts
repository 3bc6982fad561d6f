/**
 * Voice notes in WeChat: RecorderManager (wx.getRecorderManager, the microphone: scope.record, declared in the privacy
 * guide — config/privacy.json), cloud storage, InnerAudioContext.
 *
 * Recorder settings (WeChat's RecorderManager.start): mp3, mono, sampleRate 16000, encodeBitRate 24000, duration
 * 60000. 16 kHz covers the speech band (to 8 kHz) — enough for a neighbour's words in 平湖话 — and WeChat allows
 * encodeBitRate 24000–96000 at that sample rate, so 24000 is the smallest valid choice: 24,000 bit/s × 60 s / 8 =
 * 180,000 bytes (≈ 176 KB) for a full minute (computed, not measured). mp3 because every phone plays it back in
 * InnerAudioContext and WeChat's mediaCheckAsync takes it. `duration` makes WeChat itself stop at 60 s.
 */
import Taro from '@tarojs/taro';
import { VOICE_LIMITS } from '../../types/limits';
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

/** RecorderManager.start's options (see the file's comment). */
export const RECORDER_OPTIONS = {
  duration: VOICE_LIMITS.maxSeconds * 1000,
  sampleRate: 16000,
  numberOfChannels: 1,
  encodeBitRate: 24000,
  format: 'mp3',
} as const;

/** A refusal of the microphone (scope.record denied, or the privacy guide not agreed) by its errMsg. */
const isDenied = (errMsg: string) => /auth|deny|denied|privacy|permission/i.test(errMsg);

type Waiting = { started?: (r: RecordStart) => void; stopped?: (r: Recording | null) => void };

/** WeChat has one recorder for the whole app: its listeners are set once and answer the recording in progress. */
let manager: Taro.RecorderManager | null = null;
let current: Waiting = {};
let startedAt = 0;

function recorderManager(): Taro.RecorderManager {
  if (manager) return manager;
  const m = Taro.getRecorderManager();
  m.onStart(() => {
    startedAt = Date.now();
    current.started?.({ ok: true });
    current.started = undefined;
  });
  m.onStop((res) => {
    const stopped = current.stopped;
    current = {};
    if (!stopped) return; // cancelled, or stopped by WeChat with nobody waiting: the page asks again at release
    const ms = typeof res.duration === 'number' && res.duration > 0 ? res.duration : Date.now() - startedAt;
    stopped(
      res.tempFilePath ? { path: res.tempFilePath, ms, mime: 'audio/mpeg', ext: 'mp3', size: typeof res.fileSize === 'number' ? res.fileSize : null } : null,
    );
  });
  m.onError((err) => {
    const { started, stopped } = current;
    current = {};
    const errMsg = String(err?.errMsg ?? '');
    started?.({ ok: false, denied: isDenied(errMsg), message: isDenied(errMsg) ? MIC_DENIED : CANNOT_RECORD });
    stopped?.(null);
  });
  manager = m;
  return m;
}

/**
 * WeChat stops by itself at 60 s (`duration`): a stop arriving then is kept and handed to the page's stop() (the page
 * also stops at 60 s, so a late release finds it).
 */
let early: Recording | null = null;

export function createRecorder(): VoiceRecorder {
  return {
    start: () =>
      new Promise<RecordStart>((resolve) => {
        if (typeof Taro.getRecorderManager !== 'function') return resolve({ ok: false, denied: false, message: CANNOT_RECORD });
        early = null;
        const m = recorderManager();
        current = {
          started: resolve,
          stopped: (r) => {
            early = r;
          },
        };
        try {
          m.start(RECORDER_OPTIONS);
        } catch {
          current = {};
          resolve({ ok: false, denied: false, message: CANNOT_RECORD });
        }
      }),
    stop: () =>
      new Promise<Recording | null>((resolve) => {
        if (!manager) return resolve(null);
        if (early) {
          const r = early;
          early = null;
          return resolve(r);
        }
        current = { stopped: resolve };
        manager.stop();
      }),
    cancel: () => {
      current = {};
      early = null;
      manager?.stop();
    },
  };
}

/** WeChat Cloud storage, into the caller's own folder `voices/<openid>/` (the platform records the uploader). */
export async function uploadVoice(rec: Recording, openid: string): Promise<VoiceUpload> {
  try {
    const res = await Taro.cloud.uploadFile({ cloudPath: voiceCloudPath(openid, rec.ext), filePath: rec.path });
    return res.fileID ? { ok: true, fileID: res.fileID } : { ok: false, message: VOICE_UPLOAD_FAILED };
  } catch {
    return { ok: false, message: VOICE_UPLOAD_FAILED };
  }
}

/** One InnerAudioContext for the page's players: a new play stops the one before. */
export function createPlayer(): VoicePlayer {
  let ctx: Taro.InnerAudioContext | null = null;
  const stop = () => {
    if (!ctx) return;
    const c = ctx;
    ctx = null;
    try {
      c.stop();
      c.destroy();
    } catch {
      // already gone
    }
  };
  return {
    play: (url, onEnd) => {
      stop();
      const c = Taro.createInnerAudioContext();
      ctx = c;
      c.src = url;
      c.onEnded(() => {
        if (ctx === c) stop();
        onEnd(false);
      });
      c.onError(() => {
        if (ctx === c) stop();
        onEnd(true);
      });
      c.play();
    },
    stop,
  };
}
