/**
 * A case's photos and WeChat's asynchronous content check (security.mediaCheckAsync v2, media_type 2).
 *
 * Photos come at two steps: the resident's with the report, and the holder's when the case is resolved (办结). Each
 * records who uploaded it (`by`) and at which step (`stage`); photos stored before that was recorded are the
 * reporter's, with the report. At the step each photo is sent to WeChat, which answers at once with a trace id; the
 * case stores the photo as `checking` with that trace id in the same write that files (or resolves) it. The verdict
 * arrives later (WeChat: within 30 minutes) as a message push to the `mediaCheck` function, which applies it to the
 * case with one conditional write:
 *   pass   → `passed`: shown to everyone who may see the case's details (a 办结 photo: the resident too).
 *   review → `review`: WeChat asks for a person's look. The community office is that person: the uploader and the
 *            office (and admins) see it, marked; nobody else does; nobody is told (it is no verdict on anyone).
 *   risky  → removed: gone from the case (a timeline step without the picture) and from storage, and the uploader
 *            is told in their message centre in plain words.
 * Until then (`checking`) only the uploader sees the photo, marked 「正在做安全检查」; others see how many photos
 * wait instead. No result after 30 minutes (MEDIA_CHECK_WAIT_MS): the photo stays hidden from everyone else, and the
 * office now sees it, marked 「微信没有按时给出检查结果」 — nothing is written for that (it follows from the time the
 * check was asked), so nothing can be done twice; a result that still arrives later is applied as usual.
 * NOTE: pure — no I/O. The push handling is core/usecases/photos.ts; the visibility is used by core/views.ts.
 */
import type { PhotoStage } from '../../types/domain';
import type { Case } from './Case';
import type { Person } from './community';
import { seesPrivateDetails } from './permissions';

export type { PhotoStage } from '../../types/domain';

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
  /** Who uploaded it (a person id); absent on photos stored before this was recorded: the reporter. */
  by?: string;
  /** The step it was taken at; absent on photos stored before this was recorded: the report. */
  stage?: PhotoStage;
}

/** WeChat's verdict (`result.suggest` of the push). */
export type Suggest = 'pass' | 'review' | 'risky';

/** WeChat pushes the result within 30 minutes; past that the office is shown the photo (see above). */
export const MEDIA_CHECK_WAIT_MS = 30 * 60_000;

/**
 * A photo whose check was just asked for, uploaded by `from.by` at step `from.stage` (without `from`: as stored before
 * that was recorded, i.e. the reporter's, with the report).
 */
export function checkingPhoto(fileID: string, traceId: string, now: Date, from?: { by: string; stage: PhotoStage }): Photo {
  return { fileID, check: 'checking', traceId, askedAt: now, ...(from ? { by: from.by, stage: from.stage } : {}) };
}

/** Who uploaded `p` (a photo stored without it is the reporter's). */
export function uploaderOf(c: Pick<Case, 'reporter'>, p: Photo): string {
  return p.by ?? c.reporter.id;
}

/** The step `p` was taken at (a photo stored without it came with the report). */
export function stageOf(p: Photo): PhotoStage {
  return p.stage ?? 'report';
}

/** Still checking past WeChat's 30 minutes. */
export function checkOverdue(p: Photo, now: Date): boolean {
  return p.check === 'checking' && now.getTime() - p.askedAt.getTime() >= MEDIA_CHECK_WAIT_MS;
}

/**
 * Trace ids of the photos — and voice notes (voice-checks.ts) — still waiting for a verdict (the adapter indexes them
 * to find the case of a push).
 */
export function awaitedTraceIds(c: Pick<Case, 'photos' | 'voices'>): string[] {
  const voices = (c.voices ?? []).filter((v) => v.check === 'checking' && v.traceId).map((v) => v.traceId);
  return [...c.photos.filter((p) => p.check === 'checking' && p.traceId).map((p) => p.traceId as string), ...voices];
}

/** What the timeline says when a photo is removed (no picture, no reason beyond WeChat's check). */
export const PHOTO_REMOVED_TEXT = '一张照片没有通过微信的安全检查，已经删除';

/** What the uploader's message centre says when a photo of the report is removed. */
export const PHOTO_REMOVED_MESSAGE = '您上传的一张照片没有通过微信的安全检查，已经删除。事情本身照常处理，如有需要可以向处理的人说明情况。';

/** What the uploader's message centre says when a photo taken at 办结 is removed. */
export const RESOLVE_PHOTO_REMOVED_MESSAGE = '您办结时上传的一张照片没有通过微信的安全检查，已经删除。办理结果照常有效，居民看不到这张照片。';

/** The message-centre words for the uploader of a removed photo. */
export function photoRemovedMessage(p: Photo): string {
  return stageOf(p) === 'resolve' ? RESOLVE_PHOTO_REMOVED_MESSAGE : PHOTO_REMOVED_MESSAGE;
}

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

/** The uploader's own photo, still being checked: who will see it once it passes. */
const NOTE_CHECKING: Record<PhotoStage, string> = {
  report: '正在做安全检查，通过后处理的人才能看到',
  resolve: '正在做安全检查，通过后居民才能看到',
};
const NOTE_HELD_UPLOADER = '这张照片只有您和社区办公室能看到';
/** Who does not see a photo the office sees (review, or no verdict in time). */
const KEPT_FROM: Record<PhotoStage, string> = { report: '值班成员', resolve: '居民和值班成员' };
const noteReviewStaff = (stage: PhotoStage) => `微信提示这张照片需要人工看一下，${KEPT_FROM[stage]}看不到`;
const noteOverdueStaff = (stage: PhotoStage) => `微信没有按时给出检查结果，${KEPT_FROM[stage]}看不到`;

/** The sentence shown in place of photos a viewer may not see yet (the report's, or those taken at 办结). */
export const photosWaitingText = (count: number, stage: PhotoStage = 'report'): string =>
  stage === 'resolve' ? `办好后的照片有${count}张还在检查，暂时看不到` : `有${count}张照片还在检查，暂时看不到`;

/** Which photos a viewer sees, and how many are kept from them, of each step. */
export interface PhotosSeen {
  shown: PhotoSight[];
  /** Photos kept from the viewer (all steps). */
  waiting: number;
  /** Of `waiting`, the photos taken at 办结. */
  waitingAtResolve: number;
}

/**
 * Which of `c`'s photos `viewer` may see at `now`, in order, and how many are kept from them (shown as a count).
 * A viewer without the case's details (a private case's pool) sees none and is told of none. Until a verdict only
 * the photo's uploader sees it (for the report's photos, the reporter; for 办结's, the one who resolved it).
 */
export function photosFor(c: Case, viewer: Person, now: Date): PhotosSeen {
  if (!seesPrivateDetails(viewer, c)) return { shown: [], waiting: 0, waitingAtResolve: 0 };
  const staff = viewer.role === 'office' || viewer.role === 'admin';
  const shown: PhotoSight[] = [];
  let waiting = 0;
  let waitingAtResolve = 0;
  for (const photo of c.photos) {
    const late = checkOverdue(photo, now);
    const stage = stageOf(photo);
    if (photo.check === 'passed') shown.push({ photo, note: '' });
    else if (uploaderOf(c, photo) === viewer.id) shown.push({ photo, note: photo.check === 'review' || late ? NOTE_HELD_UPLOADER : NOTE_CHECKING[stage] });
    else if (staff && photo.check === 'review') shown.push({ photo, note: noteReviewStaff(stage) });
    else if (staff && late) shown.push({ photo, note: noteOverdueStaff(stage) });
    else {
      waiting++;
      if (stage === 'resolve') waitingAtResolve++;
    }
  }
  return { shown, waiting, waitingAtResolve };
}
