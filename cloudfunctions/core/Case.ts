/**
 * The case lifecycle as a tagged union with pure transitions. Persistence makes each transition a compare-and-set
 * on `version`, so of two people acting on one case at once exactly one succeeds.
 * NOTE: an open case is held by exactly one party: a duty group's pool or the office (pending), or one member
 * (claimed). `responsibleParty` states it; the property tests check no transition sequence breaks it.
 * NOTE: the timeline is append-only: every transition returns the old timeline plus new entries.
 */
export * from './lifecycle/state';
export * from './lifecycle/studio';
export * from './lifecycle/office';
export * from './lifecycle/resident';
export * from './lifecycle/duplicates';
export * from './lifecycle/followup';
