/**
 * Photos of a step (a report, or 办结): the caller's own uploads, checked before anything is written, and WeChat's
 * content check asked for each, so the step's one write stores them as `checking` (core/photo-checks.ts). Then
 * WeChat's verdict on a photo (security.mediaCheckAsync v2, pushed to the `mediaCheck` function): applied to the
 * case holding the photo with one conditional write that records what follows from it.
 * NOTE: the platform pushes a verdict, not a person: there is no caller to authorise. What makes a push count is its
 * trace id: WeChat made it, only the case stores it, and no view shows it. An unknown trace id changes nothing; a
 * repeated push finds the photo no longer waiting, and changes nothing either.
 */
import { PHOTO_LIMIT } from '../../../types/limits';
import type { Person } from '../community';
import { CaseChangedError, InvalidInputError } from '../errors';
import type { EffectBody } from '../effects';
import { photoRemovedFor } from '../notify';
import type { Photo, PhotoStage, Suggest } from '../photo-checks';
import { checkingPhoto, photoChecked, photoRemovedMessage, uploaderOf } from '../photo-checks';
import { ownsPhoto } from '../photos';
import { VOICE_REMOVED_MESSAGE, voiceChecked } from '../voice-checks';
import type { Deps } from '../ports';
import { commit, notify, situation } from './shared';

/**
 * The photos a step was given, as file ids `me` uploaded (each in their own folder: core/photos.ts), at most
 * PHOTO_LIMIT; absent is none. Anything else — not a list, a value that is not a string (an object, an operator),
 * someone else's photo — is refused before anything is asked or written.
 */
export function checkedPhotoIds(me: Person, photos: unknown): string[] {
  if (photos === undefined) return [];
  if (!Array.isArray(photos) || photos.some((p) => typeof p !== 'string')) throw new InvalidInputError('照片不正确，请重新选一下照片');
  if (photos.length > PHOTO_LIMIT) throw new InvalidInputError(`最多${PHOTO_LIMIT}张照片`);
  for (const fileID of photos as string[]) {
    if (!ownsPhoto(me.id, fileID)) throw new InvalidInputError('有一张照片不是您上传的，请重新选一下照片');
  }
  return [...(photos as string[])];
}

/**
 * Ask WeChat to check each photo (mediaCheckAsync v2 on a temporary download URL): the photos as stored, `checking`,
 * recorded as `me`'s, taken at `stage`. A photo missing from storage cannot be checked, so the step is refused
 * (nothing is stored).
 * NOTE: a function that dies between asking and writing leaves WeChat a check nobody waits for: its push matches no
 * case and changes nothing; a retry asks again.
 */
export async function askPhotoChecks(deps: Deps, me: Person, fileIDs: string[], now: Date, stage: PhotoStage): Promise<Photo[]> {
  if (fileIDs.length === 0) return [];
  const urls = await deps.files.urls(fileIDs);
  if (urls.some((u) => !u)) throw new InvalidInputError('有一张照片没有传好，请重新选一下照片');
  // NOTE: asked one after the other: WeChat allows 2,000 a minute per mini-program, and a step has at most 6.
  const photos: Photo[] = [];
  for (let i = 0; i < fileIDs.length; i++) {
    const { traceId } = await deps.content.imageAsync(urls[i], me.id, 2);
    photos.push(checkingPhoto(fileIDs[i], traceId, now, { by: me.id, stage }));
  }
  return photos;
}

export interface ImageCheckResult {
  /** WeChat's trace id, as mediaCheckAsync answered it at submit. */
  traceId: string;
  suggest: Suggest;
}

/** 'applied': the photo's state changed now; 'unknown': no photo waits for this trace id (never asked, or done). */
export type ImageCheckOutcome = 'applied' | 'unknown';

/** How often a write that lost a race (someone acted on the case meanwhile) is tried again on the fresh case. */
const ATTEMPTS = 3;

/**
 * Apply WeChat's verdict to the photo waiting for `r.traceId`: passed, held for the office's look, or removed (its
 * uploader told).
 */
export async function applyImageCheck(deps: Deps, r: ImageCheckResult): Promise<ImageCheckOutcome> {
  const sit = await situation(deps);
  for (let attempt = 1; ; attempt++) {
    const c = await deps.cases.ofPhotoCheck(r.traceId);
    if (!c) return 'unknown';
    // The trace id is a photo's, or a voice note's (media_type 1: core/voice-checks.ts).
    const change = photoChecked(c, r.traceId, r.suggest, sit.now);
    const heard = change ? null : voiceChecked(c, r.traceId, r.suggest, sit.now);
    if (!change && !heard) return 'unknown';
    const next = change ? change.next : heard!.next;
    const removed = change ? change.removed : heard!.removed;
    const words = change?.removed ? photoRemovedMessage(change.removed) : VOICE_REMOVED_MESSAGE;
    const effects: EffectBody[] = removed
      ? [
          { kind: 'file', op: 'delete', fileID: removed.fileID },
          notify([
            change?.removed ? photoRemovedFor(c, uploaderOf(c, change.removed), words) : photoRemovedFor(c, heard!.removed!.by, words, '您的一段语音已删除'),
          ]),
        ]
      : [];
    try {
      await commit(deps, sit, c, next, effects);
      return 'applied';
    } catch (err) {
      // A member claimed or noted the case between the read and the write: read it again and apply to that.
      if (!(err instanceof CaseChangedError) || attempt >= ATTEMPTS) throw err;
    }
  }
}
