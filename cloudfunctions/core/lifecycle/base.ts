/** What the transitions share: the fields every state keeps, a required reason, and 办结's words. */
import { InvalidInputError } from '../errors';
import type { Photo } from '../photo-checks';
import type { Voice } from '../voice-checks';
import type { Actor, Case, CaseBase } from './state';

/** The fields every state shares (what is left when a case goes back to waiting). */
export function baseOf(c: Case): CaseBase {
  const { id, code, version, reporter, categoryId, description, place, contactPhone, routing, createdAt, reopenCount, urgent, filedFor, timeline } = c;
  const {
    private: isPrivate,
    photos,
    voices,
    urgedAt,
    confirmedAt,
    rating,
    followUp,
    supervision,
    effects,
    followers,
    mergedFrom,
    watch,
    transfer,
    claimPromise,
  } = c;
  return {
    id,
    code,
    version,
    reporter,
    categoryId,
    description,
    place,
    contactPhone,
    routing,
    createdAt,
    reopenCount,
    urgent,
    filedFor,
    private: isPrivate,
    photos,
    urgedAt,
    confirmedAt,
    rating,
    followUp,
    supervision,
    timeline,
    effects,
    followers,
    mergedFrom,
    ...(watch !== undefined ? { watch } : {}),
    ...(transfer !== undefined ? { transfer } : {}),
    ...(claimPromise !== undefined ? { claimPromise } : {}),
    ...(voices !== undefined ? { voices } : {}),
  };
}

/** A reason a person must give, trimmed; empty is refused with a message naming `what`. */
export function required(text: string, what: string): string {
  const t = text.trim();
  if (t.length === 0) throw new InvalidInputError(`请写一句${what}`);
  return t;
}

/**
 * The timeline's 办结 step: who, what was done, and how many photos (and a voice note) came with it
 * (「王思瑛办结：换好了（附照片2张）（附语音12秒）」).
 */
export function resolvedText(by: Actor, note: string, photos: readonly Photo[], voice: Voice | null = null): string {
  return `${by.name}办结：${note}${photos.length > 0 ? `（附照片${photos.length}张）` : ''}${voice ? `（附语音${voice.seconds}秒）` : ''}`;
}

/** The case's voices with `voice` added (a step's), and the timeline link to it. */
export function withVoice(c: Case, voice: Voice | null): { voices?: Voice[] } {
  return voice ? { voices: [...(c.voices ?? []), voice] } : {};
}
