/**
 * Use cases, one file per actor: each takes the ports, the acting person (identity came from WeChat, never the
 * payload) and validated input, authorises through the permission table, and returns a wire DTO or throws a
 * DomainError. NOTE: every state change is one read of the case and one conditional write that records its effects.
 */
export { LIST_LIMIT, QUEUE_PAGE, loadCommunity, whoIs } from './shared';
export * from './resident';
export * from './member';
export * from './office';
export * from './timers';
export * from './photos';
export * from './duplicates';
export * from './reports';
export * from './service-record';
export * from './places';
