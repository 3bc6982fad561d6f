/**
 * Ports implemented on the WeChat Cloud database. Each state change is one conditional write; lists are indexed,
 * paginated queries (≤ 100 per call); dashboard figures come from the database's aggregation.
 * One file per port in repositories/ (the case record's stored form in repositories/case-doc.ts).
 */
export { AuditWxDb } from './repositories/audit';
export { CasesWxDb, OFFICE_QUEUES } from './repositories/cases';
export { CommunityWxDb } from './repositories/community';
export { HoldingsWxDb } from './repositories/holdings';
export { InvitesWxDb } from './repositories/invites';
export { MessagesWxDb } from './repositories/messages';
export { PeopleWxDb } from './repositories/people';
export { SubscriptionsWxDb } from './repositories/subscriptions';
export { ReportsWxDb } from './repositories/reports';
export { PlacesWxDb } from './repositories/places';
