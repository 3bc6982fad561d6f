/** What the transitions share: the fields every state keeps, and a required reason. */
import { InvalidInputError } from '../errors';
import type { Case, CaseBase } from './state';

/** The fields every state shares (what is left when a case goes back to waiting). */
export function baseOf(c: Case): CaseBase {
  const { id, code, version, reporter, categoryId, description, place, contactPhone, routing, createdAt, reopenCount, urgent, filedFor, timeline } = c;
  const { private: isPrivate, photos, urgedAt, confirmedAt, rating, effects } = c;
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
    timeline,
    effects,
  };
}

/** A reason a person must give, trimmed; empty is refused with a message naming `what`. */
export function required(text: string, what: string): string {
  const t = text.trim();
  if (t.length === 0) throw new InvalidInputError(`请写一句${what}`);
  return t;
}
