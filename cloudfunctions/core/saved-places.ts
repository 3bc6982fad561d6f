/**
 * 家人的地址 (issue 14 item 3: reporting for someone else). A resident — a son in Shanghai — keeps a few places away from
 * their own (「我父母家」, 湖滨花园 5幢 101, 王大伯, 138…) and reports for one of them. The list lives on the resident's
 * own record (identity from WeChat, never from the payload) and only they ever read it. A report for a saved place
 * is routed by that place like any report; the resident stays its reporter (every message goes to them: the person at
 * the place may not use WeChat) and the case records whom to visit and call (`filedFor`, with the label and the
 * reporter's own phone). The 回访 call-back task dials the case's `contactPhone`: the person at the place's.
 */
import type { SavePlaceRequest } from '../../types/api';
import type { SavedPlace } from '../../types/domain';
import { SAVED_PLACE_LIMITS } from '../../types/limits';
import type { FiledFor } from './Case';
import type { CommunityConfig } from './community';
import { SavedPlaceNotFoundError, SavedPlacesFullError, UnknownCompoundError } from './errors';

/**
 * The list after saving `input`: a new place (no id) is added at the end with `newId`, a place with an id replaces
 * the caller's own place of that id. An id that is not among `list` (removed meanwhile, or someone else's) is
 * SAVED_PLACE_NOT_FOUND; a sixth place is SAVED_PLACES_FULL; a compound not configured is UNKNOWN_COMPOUND.
 * The input is the parsed payload (schemas.savePlace: lengths and phone checked); only its known fields are kept.
 */
export function withSavedPlace(list: SavedPlace[], input: SavePlaceRequest, community: CommunityConfig, newId: string): SavedPlace[] {
  if (!community.compounds.some((c) => c.id === input.place.compoundId)) throw new UnknownCompoundError();
  const clean = (id: string): SavedPlace => ({
    id,
    label: input.label.trim(),
    place: { compoundId: input.place.compoundId, building: input.place.building.trim(), unit: input.place.unit.trim() },
    name: input.name.trim(),
    phone: input.phone.trim(),
  });
  if (input.id !== undefined) {
    if (!list.some((p) => p.id === input.id)) throw new SavedPlaceNotFoundError();
    return list.map((p) => (p.id === input.id ? clean(p.id) : p));
  }
  if (list.length >= SAVED_PLACE_LIMITS.places) throw new SavedPlacesFullError(SAVED_PLACE_LIMITS.places);
  return [...list, clean(newId)];
}

/** The list without the caller's own place `id`; SAVED_PLACE_NOT_FOUND when it is not among theirs. */
export function withoutSavedPlace(list: SavedPlace[], id: string): SavedPlace[] {
  if (!list.some((p) => p.id === id)) throw new SavedPlaceNotFoundError();
  return list.filter((p) => p.id !== id);
}

/** The caller's own saved place `id` (from their record), or SAVED_PLACE_NOT_FOUND. */
export function savedPlaceOf(list: SavedPlace[], id: string): SavedPlace {
  const found = list.find((p) => p.id === id);
  if (!found) throw new SavedPlaceNotFoundError();
  return found;
}

/** Whom a report for `saved` is for: the person there and their phone, the place's label, and the reporter's own phone. */
export function filedForPlace(saved: SavedPlace, reporterPhone: string): FiledFor {
  return { name: saved.name, phone: saved.phone, label: saved.label, reporterPhone };
}

/** True for a resident's report for a saved place (not a member's 代办). */
export const forSavedPlace = (f: FiledFor | null): f is FiledFor & { label: string } => f !== null && f.label !== undefined;
