/** The composition root for deployed functions: the core's ports on WeChat Cloud. */
import { randomBytes } from 'crypto';
import type { Deps } from '../../core/ports';
import { CasesWxDb, CommunityWxDb, NotifierWx, PeopleWxDb, SubscriptionsWxDb } from './repositories';
import { database } from './sdk';

/** Letters and digits that cannot be mistaken for each other when read aloud (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function randomCode(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** Build the ports for one invocation. */
export function wxDeps(): Deps {
  const db = database();
  const cases = new CasesWxDb(db);
  return {
    clock: { now: () => new Date() },
    ids: {
      caseId: () => `c${Date.now().toString(36)}${randomBytes(6).toString('hex')}`,
      caseCode: () => randomCode(6),
    },
    cases,
    stats: cases,
    people: new PeopleWxDb(db),
    community: new CommunityWxDb(db),
    subscriptions: new SubscriptionsWxDb(db),
    notifier: new NotifierWx(db, (process.env.MINIPROGRAM_STATE as 'developer' | 'trial' | 'formal') || 'formal'),
  };
}
