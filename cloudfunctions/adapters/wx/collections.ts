/** Every collection the cloud functions use. `db:setup` and the local cloud create exactly these. */
export const COLLECTIONS = {
  /** One record per person, _id = openid: role, name, group, compounds stewarded, last place. */
  users: 'users',
  /** Cases (事项), one record each, with their routing decision and timeline. */
  cases: 'cases',
  /** Community configuration; record "community" holds groups, rota, categories, compounds, templates. */
  config: 'config',
  /** Subscription credit ledger, _id = openid: credits per template id. */
  subscriptions: 'subscriptions',
  /** The message centre and WeChat outbox: every notification, its delivery state and retries. */
  messages: 'messages',
  /** Invite codes (_id = code): role, group, expiry, who used it. */
  invites: 'invites',
  /** Audit log of role and configuration changes: who, when, before/after. */
  audit: 'audit',
  /** Claim-cap slots, _id = member openid: how many cases they hold and which (see HoldingsWxDb). */
  holdings: 'holdings',
  /** 通报 (_id = week_<Monday> / month_<YYYY-MM> / range_<from>_<to>): title, period, who made it, its two files. */
  reports: 'reports',
  /** 地点码 (_id = the code): compound id, building, unit, retired, who made it (the stairwell posters' QR codes). */
  places: 'places',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

/** The id of the configuration record. */
export const COMMUNITY_CONFIG_ID = 'community';

/**
 * The indexes the queries need, per collection: each entry is a compound index (fields in order). db:setup creates
 * them in WeChat Cloud; the local cloud approximates each with single-field indexes.
 */
export const INDEXES: Record<CollectionName, string[][]> = {
  users: [['role', 'groupId']],
  cases: [
    ['reporterId', 'createdAt'], // my cases
    ['followers', 'createdAt'], // my cases: those I joined (「一起等结果」) or that mine was merged into
    ['compoundId', 'building', 'categoryId', 'open', 'createdAt'], // 「是不是这件事？」: open cases like a new report
    ['status', 'atOffice', 'createdAt'], // the studio's pool (what is waiting)
    ['poolGroupId', 'status', 'createdAt'], // shift hand-over: waiting in another group's pool
    ['effectsDueAt'], // effects left by interrupted functions
    ['holderId', 'status', 'claimedAt'], // my open cases, the claim cap
    ['passedOnBy', 'createdAt'], // 「我经手的」: cases a member handed over or escalated
    ['photoTraceIds'], // a pushed content-check verdict (mediaCheckAsync) finds the case of its photo
    ['status', 'claimDueAt'], // SLA sweep: claim deadlines
    ['status', 'resolveDueAt'], // SLA sweep: resolve deadlines
    ['open', 'dueAt'], // overdue queue, dashboard list, the office's daily digest of reds
    ['remindAt'], // 督办: cases turning yellow whose holder has not been reminded
    ['status', 'followUpDueAt'], // 回访 sweep: ask the resident, or make it a call-back task
    ['callBackOpen', 'callBackAt'], // the duty board's 回访 call-back tasks
    ['supervised', 'supervisedAt'], // the office's 督办 queue
    ['atOffice', 'rule', 'createdAt'], // office queues
    ['open', 'urgent', 'createdAt'], // emergency queue
    ['createdAt', 'status'], // dashboard window
    ['createdAt', 'claimMinutes'], // time-to-claim percentiles
    ['createdAt', 'resolveMinutes'], // time-to-resolve percentiles
    ['createdAt', 'transferBody'], // dashboard: 转办 by outside body
    ['derived'], // cases stored before the current derived fields (the timer rewrites them: refreshStale)
    ['respondBy'], // 三率: 响应率, cases whose first claim time ended in a window
    ['answeredAt'], // 三率: 解决率 and 满意率, 回访 answers in a window
    ['actorIds', 'createdAt'], // 志愿服务记录: the cases a member acted on
  ],
  config: [],
  subscriptions: [],
  holdings: [],
  reports: [['generatedAt']],
  places: [['compoundId', 'building', 'unit', 'retired']], // the code a place has already
  invites: [['createdAt']],
  audit: [['at']],
  messages: [
    ['touser', 'at'], // a person's message centre
    ['touser', 'read'], // the unread badge
    ['retryAt'], // the outbox retry sweep
  ],
};
