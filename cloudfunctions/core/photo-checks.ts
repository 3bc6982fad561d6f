/**
 * A case's photos and WeChat's asynchronous content check (security.mediaCheckAsync v2, media_type 2).
 *
 * At submit each photo is sent to WeChat, which answers at once with a trace id; the case stores the photo as
 * `checking` with that trace id in the same write that files it. The verdict arrives later (WeChat: within 30 minutes)
 * as a message push to the `mediaCheck` function, which applies it to the case with one conditional write:
 *   pass   → `passed`: shown to everyone who may see the case's details.
 *   review → `review`: WeChat asks for a person's look. The community office is that person: the reporter and the
 *            office (and admins) see it, marked; duty members do not; nobody is told (it is no verdict on anyone).
 *   risky  → removed: gone from the case (a timeline step without the picture) and from storage, and the reporter
 *            is told in their message centre in plain words.
 * Until then (`checking`) only the reporter sees the photo, marked 「正在做安全检查」; others see how many photos
 * wait instead. No result after 30 minutes (MEDIA_CHECK_WAIT_MS): the photo stays hidden from duty members, and the
 * office now sees it, marked 「微信没有按时给出检查结果」 — nothing is written for that (it follows from the time the
 * check was asked), so nothing can be done twice; a result that still arrives later is applied as usual.
 * NOTE: pure — no I/O. The push handling is core/usecases/photos.ts; the visibility is used by core/views.ts.
 */
import type { Case } from './Case';
import type { Person } from './community';
import { seesPrivateDetails } from './permissions';

/** Where a stored photo's content check stands (a risky photo is not stored: it is removed). */
export type PhotoCheck = 'checking' | 'passed' | 'review';

export interface Photo {
  /** Cloud storage file id (`cloud://…/photos/<openid>/<name>`). */
  fileID: string;
  check: PhotoCheck;
  /** WeChat's trace id of the check, matching the pushed result; null for photos checked before (imgSecCheck v1). */
  traceId: string | null;
  /** When the check was asked for. */
  askedAt: Date;
}

/** WeChat's verdict (`result.suggest` of the push). */
export type Suggest = 'pass' | 'review' | 'risky';

/** WeChat pushes the result within 30 minutes; past that the office is shown the photo (see above). */
export const MEDIA_CHECK_WAIT_MS = 30 * 60_000;

/** A photo whose check was just asked for. */
export function checkingPhoto(fileID: string, traceId: string, now: Date): Photo {
  return { fileID, check: 'checking', traceId, askedAt: now };
}

/** Still checking past WeChat's 30 minutes. */
export function checkOverdue(p: Photo, now: Date): boolean {
  return p.check === 'checking' && now.getTime() - p.askedAt.getTime() >= MEDIA_CHECK_WAIT_MS;
}

/** Trace ids of the photos still waiting for a verdict (the adapter indexes them to find the case of a push). */
export function awaitedTraceIds(c: Pick<Case, 'photos'>): string[] {
  return c.photos.filter((p) => p.check === 'checking' && p.traceId).map((p) => p.traceId as string);
}

/** What the timeline says when a photo is removed (no picture, no reason beyond WeChat's check). */
export const PHOTO_REMOVED_TEXT = '一张照片没有通过微信的安全检查，已经删除';

/** What the reporter's message centre says when a photo is removed. */
export const PHOTO_REMOVED_MESSAGE = '您上传的一张照片没有通过微信的安全检查，已经删除。事情本身照常处理，如有需要可以向处理的人说明情况。';

export interface PhotoChecked {
  next: Case;
  /** The photo taken off the case (risky), whose file must be deleted; null otherwise. */
  removed: Photo | null;
}

/**
 * Apply WeChat's verdict for `traceId` to `c` (any status: a withdrawn or finished case's photo is still checked).
 * Null when no photo of `c` is waiting for this trace id — an unknown trace id, or a push applied already — so a
 * repeated push changes nothing.
 */
export function photoChecked(c: Case, traceId: string, suggest: Suggest, now: Date): PhotoChecked | null {
  const i = c.photos.findIndex((p) => p.check === 'checking' && p.traceId === traceId);
  if (i < 0) return null;
  const photo = c.photos[i];
  if (suggest === 'risky') {
    const next = {
      ...c,
      version: c.version + 1,
      photos: c.photos.filter((_, j) => j !== i),
      timeline: [...c.timeline, { at: now, kind: 'photo-removed' as const, text: PHOTO_REMOVED_TEXT, by: null }],
    };
    return { next, removed: photo };
  }
  const check: PhotoCheck = suggest === 'pass' ? 'passed' : 'review';
  return { next: { ...c, version: c.version + 1, photos: c.photos.map((p, j) => (j === i ? { ...p, check } : p)) }, removed: null };
}

/** A photo as one viewer may see it, with a plain note about its check ('' when there is nothing to say). */
export interface PhotoSight {
  photo: Photo;
  note: string;
}

const NOTE_CHECKING_REPORTER = '正在做安全检查，通过后处理的人才能看到';
const NOTE_HELD_REPORTER = '这张照片只有您和社区办公室能看到';
const NOTE_REVIEW_STAFF = '微信提示这张照片需要人工看一下，值班成员看不到';
const NOTE_OVERDUE_STAFF = '微信没有按时给出检查结果，值班成员看不到';

/** The sentence shown in place of photos a viewer may not see yet. */
export const photosWaitingText = (count: number): string => `有${count}张照片还在检查，暂时看不到`;

/**
 * Which of `c`'s photos `viewer` may see at `now`, in order, and how many are kept from them (shown as a count).
 * A viewer without the case's details (a private case's pool) sees none and is told of none.
 */
export function photosFor(c: Case, viewer: Person, now: Date): { shown: PhotoSight[]; waiting: number } {
  if (!seesPrivateDetails(viewer, c)) return { shown: [], waiting: 0 };
  const reporter = c.reporter.id === viewer.id;
  const staff = viewer.role === 'office' || viewer.role === 'admin';
  const shown: PhotoSight[] = [];
  let waiting = 0;
  for (const photo of c.photos) {
    const late = checkOverdue(photo, now);
    if (photo.check === 'passed') shown.push({ photo, note: '' });
    else if (reporter) shown.push({ photo, note: photo.check === 'review' || late ? NOTE_HELD_REPORTER : NOTE_CHECKING_REPORTER });
    else if (staff && photo.check === 'review') shown.push({ photo, note: NOTE_REVIEW_STAFF });
    else if (staff && late) shown.push({ photo, note: NOTE_OVERDUE_STAFF });
    else waiting++;
  }
  return { shown, waiting };
}
