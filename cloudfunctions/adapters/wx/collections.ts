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
  /** Every notification attempt and its outcome (message centre, retries). */
  notifications: 'notifications',
} as const;

export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS];

/** The id of the configuration record. */
export const COMMUNITY_CONFIG_ID = 'community';
