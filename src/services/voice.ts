/**
 * Voice notes on the phone: record (hold-to-talk), upload into the caller's own folder, play. Taro picks
 * `voice.weapp.ts` (WeChat's RecorderManager, cloud storage, InnerAudioContext) or `voice.h5.ts` (getUserMedia +
 * MediaRecorder, the local cloud's storage, an <audio> element); this file gives TypeScript the shared signatures and
 * is what every other platform gets (it cannot record).
 */
import { CANNOT_RECORD, type VoicePlayer, type VoiceRecorder, type VoiceUpload, type Recording } from './voice-path';

export type { Recording, RecordStart, VoicePlayer, VoiceRecorder, VoiceUpload } from './voice-path';

export function createRecorder(): VoiceRecorder {
  return {
    start: async () => ({ ok: false, denied: false, message: CANNOT_RECORD }),
    stop: async () => null,
    cancel: () => undefined,
  };
}

export async function uploadVoice(_rec: Recording, _openid: string): Promise<VoiceUpload> {
  return { ok: false, message: CANNOT_RECORD };
}

export function createPlayer(): VoicePlayer {
  return { play: (_url, onEnd) => onEnd(true), stop: () => undefined };
}
