/**
 * WeChat's verdict on a photo (security.mediaCheckAsync v2, pushed to the `mediaCheck` function): applied to the
 * case holding the photo with one conditional write that records what follows from it (core/photo-checks.ts).
 * NOTE: the platform calls this, not a person: there is no caller to authorise. What makes a push count is its
 * trace id: WeChat made it, only the case stores it, and no view shows it. An unknown trace id changes nothing; a
 * repeated push finds the photo no longer waiting, and changes nothing either.
 */
import { CaseChangedError } from '../errors';
import type { EffectBody } from '../effects';
import { photoRemovedFor } from '../notify';
import type { Suggest } from '../photo-checks';
import { PHOTO_REMOVED_MESSAGE, photoChecked } from '../photo-checks';
import type { Deps } from '../ports';
import { commit, notify, situation } from './shared';

export interface ImageCheckResult {
  /** WeChat's trace id, as mediaCheckAsync answered it at submit. */
  traceId: string;
  suggest: Suggest;
}

/** 'applied': the photo's state changed now; 'unknown': no photo waits for this trace id (never asked, or done). */
export type ImageCheckOutcome = 'applied' | 'unknown';

/** How often a write that lost a race (someone acted on the case meanwhile) is tried again on the fresh case. */
const ATTEMPTS = 3;

/** Apply WeChat's verdict to the photo waiting for `r.traceId`: passed, held for the office's look, or removed. */
export async function applyImageCheck(deps: Deps, r: ImageCheckResult): Promise<ImageCheckOutcome> {
  const sit = await situation(deps);
  for (let attempt = 1; ; attempt++) {
    const c = await deps.cases.ofPhotoCheck(r.traceId);
    const change = c ? photoChecked(c, r.traceId, r.suggest, sit.now) : null;
    if (!c || !change) return 'unknown';
    const effects: EffectBody[] = change.removed
      ? [{ kind: 'file', op: 'delete', fileID: change.removed.fileID }, notify([photoRemovedFor(c, PHOTO_REMOVED_MESSAGE)])]
      : [];
    try {
      await commit(deps, sit, c, change.next, effects);
      return 'applied';
    } catch (err) {
      // A member claimed or noted the case between the read and the write: read it again and apply to that.
      if (!(err instanceof CaseChangedError) || attempt >= ATTEMPTS) throw err;
    }
  }
}
