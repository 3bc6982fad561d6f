/**
 * Voice notes of a step (a report, 写进展, 办结): the caller's own upload, checked before anything is written, and
 * WeChat's content check asked for it (mediaCheckAsync v2, media_type 1), so the step's one write stores it as
 * `checking` (core/voice-checks.ts). The verdict's push is applied by applyImageCheck (./photos.ts), which looks for the
 * trace id among the case's photos and voices.
 */
import { VOICE_LIMITS } from '../../../types/limits';
import type { VoiceStage } from '../../../types/domain';
import type { Person } from '../community';
import { InvalidInputError } from '../errors';
import { ownsVoice } from '../photos';
import type { Deps } from '../ports';
import type { Voice } from '../voice-checks';
import { checkingVoice } from '../voice-checks';

/** A voice note as a step was given it, checked: the caller's own file and whole seconds 1..60; absent is none. */
export interface CheckedVoice {
  fileID: string;
  seconds: number;
}

/**
 * The voice a step was given: `{ fileId, seconds }` with `me`'s own upload (core/photos.ts ownsVoice) and whole
 * seconds within VOICE_LIMITS; absent is none. Anything else is refused before anything is asked or written (the
 * schema refuses the same; this holds for every caller of the use case).
 */
export function checkedVoice(me: Person, voice: unknown): CheckedVoice | null {
  if (voice === undefined || voice === null) return null;
  if (typeof voice !== 'object' || Array.isArray(voice)) throw new InvalidInputError('语音不正确，请重新录一段');
  const { fileId, seconds } = voice as { fileId?: unknown; seconds?: unknown };
  if (typeof fileId !== 'string') throw new InvalidInputError('语音不正确，请重新录一段');
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < VOICE_LIMITS.minSeconds || seconds > VOICE_LIMITS.maxSeconds) {
    throw new InvalidInputError(`语音的长度要在${VOICE_LIMITS.minSeconds}到${VOICE_LIMITS.maxSeconds}秒之间，请重新录一段`);
  }
  if (!ownsVoice(me.id, fileId)) throw new InvalidInputError('这段语音不是您录的，请重新录一段');
  return { fileID: fileId, seconds };
}

/**
 * Ask WeChat to check the voice (a temporary download URL first: WeChat takes no fileID): the voice as stored,
 * `checking`, recorded as `me`'s at `stage`. A voice missing from storage cannot be checked: the step is refused.
 */
export async function askVoiceCheck(deps: Deps, me: Person, voice: CheckedVoice | null, now: Date, stage: VoiceStage): Promise<Voice | null> {
  if (!voice) return null;
  const [url] = await deps.files.urls([voice.fileID]);
  if (!url) throw new InvalidInputError('语音没有传好，请重新录一段');
  const { traceId } = await deps.content.imageAsync(url, me.id, 2, 1);
  return checkingVoice(voice.fileID, voice.seconds, traceId, now, { by: me.id, stage });
}
