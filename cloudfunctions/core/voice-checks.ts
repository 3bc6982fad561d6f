/**
 * A case's voice notes (语音, issue 14) and WeChat's asynchronous content check of each (security.mediaCheckAsync v2,
 * media_type 1 — audio), on the photos' pattern (photo-checks.ts):
 *   - the report may carry one voice (the resident's); a progress note (写进展) and 办结 may each carry one (the
 *     holder's), linked from its timeline step by file id;
 *   - at the step the voice is sent to WeChat; the step's one write stores it `checking` with WeChat's trace id;
 *   - the pushed verdict (functions/mediaCheck) passes it, holds it for the office's look (review), or removes it
 *     (risky: gone from the case and from storage, a 'voice-removed' step, the uploader told);
 *   - until it passes only its uploader hears it; others with the case's details are told
 *     「语音正在做安全检查，通过后才能听」; the office also hears one held for review or without a verdict in 30 minutes.
 * A viewer without the case's details (a private case's pool) hears nothing and is told of nothing.
 * NOTE: pure — no I/O. The use cases are core/usecases/voices.ts; the views use voiceFor.
 */
import type { VoiceStage, VoiceView } from '../../types/domain';
import { VOICE_ONLY_DESCRIPTION } from '../../types/limits';
import type { Case } from './Case';
import type { Person } from './community';
import { seesPrivateDetails } from './permissions';
import type { PhotoCheck, Suggest } from './photo-checks';
import { MEDIA_CHECK_WAIT_MS } from './photo-checks';

export interface Voice {
  /** Cloud storage file id (`cloud://…/voices/<openid>/<name>`). */
  fileID: string;
  /** Whole seconds, 1..60. */
  seconds: number;
  check: PhotoCheck;
  /** WeChat's trace id of the check, matching the pushed result. */
  traceId: string;
  askedAt: Date;
  /** Who recorded it (a person id). */
  by: string;
  stage: VoiceStage;
}

/** A voice note whose check was just asked for. */
export function checkingVoice(fileID: string, seconds: number, traceId: string, now: Date, from: { by: string; stage: VoiceStage }): Voice {
  return { fileID, seconds, check: 'checking', traceId, askedAt: now, by: from.by, stage: from.stage };
}

/** The case's voice notes (cases stored before voices existed have none). */
export const voicesOf = (c: Pick<Case, 'voices'>): Voice[] => c.voices ?? [];

/** The report's voice note, if it has one (and it was not removed). */
export const reportVoice = (c: Pick<Case, 'voices'>): Voice | null => voicesOf(c).find((v) => v.stage === 'report') ?? null;

/** Trace ids of the voice notes still waiting for a verdict (indexed with the photos' to find the case of a push). */
export function awaitedVoiceTraceIds(c: Pick<Case, 'voices'>): string[] {
  return voicesOf(c)
    .filter((v) => v.check === 'checking' && v.traceId)
    .map((v) => v.traceId);
}

/** What the timeline says when a voice note is removed. */
export const VOICE_REMOVED_TEXT = '一段语音没有通过微信的安全检查，已经删除';

/** What the uploader's message centre says when their voice note is removed. */
export const VOICE_REMOVED_MESSAGE = '您录的一段语音没有通过微信的安全检查，已经删除。事情本身照常处理，如有需要可以打字说明。';

export interface VoiceChecked {
  next: Case;
  /** The voice taken off the case (risky), whose file must be deleted; null otherwise. */
  removed: Voice | null;
}

/**
 * Apply WeChat's verdict for `traceId` to `c`'s voice waiting for it; null when none waits for it (unknown, or
 * applied already), so a repeated push changes nothing.
 */
export function voiceChecked(c: Case, traceId: string, suggest: Suggest, now: Date): VoiceChecked | null {
  const voices = voicesOf(c);
  const i = voices.findIndex((v) => v.check === 'checking' && v.traceId === traceId);
  if (i < 0) return null;
  const voice = voices[i];
  if (suggest === 'risky') {
    const next = {
      ...c,
      version: c.version + 1,
      voices: voices.filter((_, j) => j !== i),
      timeline: [...c.timeline, { at: now, kind: 'voice-removed' as const, text: VOICE_REMOVED_TEXT, by: null }],
    };
    return { next, removed: voice };
  }
  const check: PhotoCheck = suggest === 'pass' ? 'passed' : 'review';
  return { next: { ...c, version: c.version + 1, voices: voices.map((v, j) => (j === i ? { ...v, check } : v)) }, removed: null };
}

/** Said to a viewer who may not hear a voice note yet. */
export const VOICE_WAITING_NOTE = '语音正在做安全检查，通过后才能听';
/** The uploader's own voice, still being checked. */
const NOTE_CHECKING: Record<VoiceStage, string> = {
  report: '正在做安全检查，通过后处理的人才能听',
  note: '正在做安全检查，通过后居民才能听',
  resolve: '正在做安全检查，通过后居民才能听',
};
const NOTE_HELD_UPLOADER = '这段语音只有您和社区办公室能听';
const NOTE_REVIEW_STAFF = '微信提示这段语音需要人工听一下，其他人听不到';
const NOTE_OVERDUE_STAFF = '微信没有按时给出检查结果，其他人听不到';

/** How one viewer may hear a voice note: `hear` says whether it gets a URL; `note` the words beside it. */
export interface VoiceSight {
  voice: Voice;
  hear: boolean;
  note: string;
}

/**
 * Whether `viewer` may hear `v` of case `c` at `now` (photosFor's rule), or null when the viewer sees no details of the
 * case (nothing is said about it at all).
 */
export function voiceFor(c: Case, v: Voice, viewer: Person, now: Date): VoiceSight | null {
  if (!seesPrivateDetails(viewer, c)) return null;
  const staff = viewer.role === 'office' || viewer.role === 'admin';
  const late = v.check === 'checking' && now.getTime() - v.askedAt.getTime() >= MEDIA_CHECK_WAIT_MS;
  if (v.check === 'passed') return { voice: v, hear: true, note: '' };
  if (v.by === viewer.id) return { voice: v, hear: true, note: v.check === 'review' || late ? NOTE_HELD_UPLOADER : NOTE_CHECKING[v.stage] };
  if (staff && v.check === 'review') return { voice: v, hear: true, note: NOTE_REVIEW_STAFF };
  if (staff && late) return { voice: v, hear: true, note: NOTE_OVERDUE_STAFF };
  return { voice: v, hear: false, note: VOICE_WAITING_NOTE };
}

/** The voice notes `viewer` may hear now (their file ids get a download URL). */
export function audibleVoices(c: Case, viewer: Person, now: Date): Voice[] {
  return voicesOf(c).filter((v) => voiceFor(c, v, viewer, now)?.hear);
}

/** A voice as the view carries it, given the URLs of the audible voices by file id. */
export function voiceView(c: Case, v: Voice, viewer: Person, now: Date, urls: ReadonlyMap<string, string>): VoiceView | null {
  const sight = voiceFor(c, v, viewer, now);
  if (!sight) return null;
  const url = sight.hear ? (urls.get(v.fileID) ?? null) : null;
  return { url, seconds: v.seconds, note: sight.hear && !url ? VOICE_WAITING_NOTE : sight.note };
}

/** The timeline's words for a voice-only or voice-carrying step: 「（语音23秒）」. */
export const voiceWords = (seconds: number): string => `（语音${seconds}秒）`;

export { VOICE_ONLY_DESCRIPTION } from '../../types/limits';

/** A case's description for lists and messages: its words, or for a voice-only report VOICE_ONLY_DESCRIPTION. */
export const describedAs = (c: Pick<Case, 'description'>): string => c.description || VOICE_ONLY_DESCRIPTION;
