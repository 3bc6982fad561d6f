/**
 * Wire the core's ports onto a database with WeChat Cloud's API. The deployed functions pass the cloud database;
 * tests and benchmarks pass the local one (optionally instrumented) with a fixed clock.
 */
import { createHash, randomBytes, randomInt } from 'crypto';
import { newInviteCode } from '../../core/admin';
import { newPlaceCode } from '../../core/places';
import type { Clock, ContentCheck, Deps, Files, PlaceCodeImages, ReportRenderer } from '../../core/ports';
import type { ConfigCache } from './config-cache';
import type { Database } from './db-types';
import type { SendFn } from './notifier';
import { NotifierWx } from './notifier';
import {
  AuditWxDb,
  CasesWxDb,
  CommunityWxDb,
  HoldingsWxDb,
  InvitesWxDb,
  MessagesWxDb,
  PeopleWxDb,
  PlacesWxDb,
  ReportsWxDb,
  SubscriptionsWxDb,
} from './repositories';

/** Letters and digits that cannot be mistaken for each other when read aloud (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function randomCode(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/**
 * Content security as passed in. Benchmarks and call-count tests that file no photos may leave out the image check;
 * `image` (the synchronous imgSecCheck v1 port this replaced) is still accepted from them and ignored.
 */
export type ContentOption = Pick<ContentCheck, 'text'> & Partial<Pick<ContentCheck, 'imageAsync'>> & { image?: unknown };

/** A port left out by a caller that does not use it: using it anyway fails loudly. */
const notConfigured = (what: string) => async (): Promise<never> => {
  throw new Error(`${what} is not configured for these ports`);
};

/** The ports on `db`, with WeChat's sender, content security and storage passed in. */
export function depsOn(
  db: Database,
  opts: {
    send: SendFn;
    content: ContentOption;
    files: Pick<Files, 'urls'> & Partial<Files>;
    clock?: Clock;
    miniprogramState?: 'developer' | 'trial' | 'formal';
    /** Openids that are admins by deployment configuration. */
    bootstrapAdmins?: string[];
    /** The warm instance's configuration cache; none: read on every call. */
    configCache?: ConfigCache;
    /** The 通报's renderer: only the functions that make reports pass one (it holds exceljs). */
    reportFiles?: ReportRenderer;
    /** 地点码 images (WeChat's wxacode.getUnlimited); none: making one fails loudly. */
    placeImages?: PlaceCodeImages;
  },
): Deps {
  const cases = new CasesWxDb(db);
  return {
    clock: opts.clock ?? { now: () => new Date() },
    ids: {
      caseId: () => `c${Date.now().toString(36)}${randomBytes(6).toString('hex')}`,
      // NOTE: a hash of who and which request: a retry of the same submit maps to the same id, which the
      // database keeps unique — so ten retries make one case.
      caseIdFor: (reporterId, clientRequestId) => `r${createHash('sha256').update(`${reporterId}\u0000${clientRequestId}`).digest('hex').slice(0, 24)}`,
      caseCode: () => randomCode(6),
      // 6 digits, read aloud as 「483 920」; a code already taken is refused by the invites' add (the code is the id).
      inviteCode: () => newInviteCode((n) => randomInt(n)),
      placeCode: () => newPlaceCode((n) => randomInt(n)),
    },
    cases,
    holdings: new HoldingsWxDb(db),
    stats: cases,
    people: new PeopleWxDb(db),
    community: new CommunityWxDb(db, opts.configCache ?? null),
    subscriptions: new SubscriptionsWxDb(db),
    notifier: new NotifierWx(opts.send, opts.miniprogramState ?? 'formal'),
    messages: new MessagesWxDb(db),
    content: { text: opts.content.text, imageAsync: opts.content.imageAsync ?? notConfigured('content.imageAsync') },
    files: { urls: opts.files.urls, remove: opts.files.remove ?? notConfigured('files.remove'), upload: opts.files.upload ?? notConfigured('files.upload') },
    invites: new InvitesWxDb(db),
    audit: new AuditWxDb(db),
    reports: new ReportsWxDb(db),
    places: new PlacesWxDb(db),
    placeImages: opts.placeImages ?? { make: notConfigured('placeImages') },
    reportFiles: opts.reportFiles ?? { render: notConfigured('reportFiles (only the office and sweeper functions make 通报)') },
    bootstrapAdmins: opts.bootstrapAdmins ?? [],
  };
}
