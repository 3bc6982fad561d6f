/**
 * The local cloud: one HTTP server on 127.0.0.1 that serves the H5 build and runs the bundled cloud functions
 * against the embedded store, with WeChat's platform rules emulated.
 *
 *   POST /fn/<name>                       callFunction; identity from the dev role switcher's header
 *   GET  /__dev/identities                everyone in the users collection (role switcher)
 *   GET  /__dev/clock   POST /__dev/clock  read / set / advance the local clock (POST then fires due timer triggers)
 *   GET  /__dev/timers                    timer triggers and their recent runs
 *   GET  /__dev/slow                      invocations slower than the 3 s a function deployed by miniprogram-ci gets
 *   POST /__wx/requestSubscribeMessage    the user's answer to the subscribe pop-up (credits)
 *   POST /__wx/inject-send-error          { errCodes: [...] }: the next sends fail with these codes (tests, demos)
 *   GET  /__wx/outbox?touser=             subscription messages delivered
 *   GET  /__wx/credits?openid=&tmplId=    remaining credit (WeChat has no such API; for tests and demos)
 *   GET  /__wx/pushes[?settle=1]          消息推送 so far (mediaCheckAsync verdicts), after the timed ones land
 *   POST /__wx/pushes/deliver             deliver the pushes held now (LOCAL_MEDIA_CHECK_DELAY_MS=manual)
 *   POST /__wx/pushes/delay               { delay: ms | "manual" }: the delay of pushes from now on
 *   POST /__wx/push                       { event }: deliver this message now as the platform would (see push.ts)
 *   POST /__storage/upload?cloudPath=     the H5 stand-in for wx.cloud.uploadFile (raw bytes; see storage.ts)
 *   GET  /__storage/files/<cloudPath>     a stored file (what getTempFileURL points at)
 *
 * Data dir: db/ (app database), platform/ (platform state; platform/content-words.json overrides the content
 * security word list, see security.ts), storage/ (cloud storage files, see storage.ts).
 */
import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import type { Person } from '../core/community';
import { advance, installClock, now, setNow } from './clock';
import { DEMO_PEOPLE, LOCAL_TEMPLATES, describe, seedDemo } from './demo-data';
import { LocalPlatform, WxApiError } from './platform';
import { CallFunctionError, FunctionRunner } from './runner';
import { createLocalDatabase, ensureIndexes } from './sdk/database';
import { COLLECTIONS, INDEXES } from '../adapters/wx/collections';

/** The local store's approximation of the deployed compound indexes: one index per field named in any of them. */
function singleFieldIndexes(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(INDEXES).map(([collection, indexes]) => [collection, [...new Set(indexes.flat())]]));
}
import { createLocalSdk } from './sdk';
import { DEFAULT_PUSH_DELAY_MS, LocalMessagePush, parsePushDelay, type PushDelay } from './push';
import { LocalSecurity, readContentWords } from './security';
import { LocalStorage } from './storage';
import { TimerScheduler, readTriggers } from './timers';

export interface LocalCloudOptions {
  port: number;
  /** Folder for the embedded store (app database and platform state). */
  dataDir: string;
  /** cloudfunctionRoot: the bundled functions. */
  functionsDir: string;
  /** The H5 build to serve. */
  h5Dir: string;
  /** Start the clock at this instant (ms since epoch) instead of the real time. */
  startAt?: number;
  /** Run timer triggers (default true): polled every second and after POST /__dev/clock; false = never. */
  timers?: boolean;
  /**
   * Delay of 消息推送 (mediaCheckAsync verdicts) after the call: ms, or 'manual' (held until POST /__wx/pushes/deliver).
   * Default: LOCAL_MEDIA_CHECK_DELAY_MS, else 2000 ms.
   */
  pushDelay?: PushDelay;
}

export interface LocalCloud {
  url: string;
  seeded: boolean;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

const MAX_BODY = 1024 * 1024;

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new CallFunctionError(-501007, 'request body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      if (chunks.length === 0) return resolve({});
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new CallFunctionError(-501007, 'invalid JSON'));
      }
    });
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function serveStatic(h5Dir: string, urlPath: string, res: http.ServerResponse): void {
  const rel = decodeURIComponent(urlPath).replace(/^\/+/, '');
  let file = path.resolve(h5Dir, rel || 'index.html');
  if (!file.startsWith(path.resolve(h5Dir)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
    file = path.join(h5Dir, 'index.html');
  }
  if (!fs.existsSync(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('H5 build missing: run npm run build:h5');
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
}

/** Start the local cloud; resolves once it listens. */
export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  // A broken trigger refuses the start before anything is opened (WeChat's upload would reject it).
  const triggers = readTriggers(opts.functionsDir);
  // Likewise a malformed content-words.json (the content security word list).
  const security = new LocalSecurity(readContentWords(path.join(opts.dataDir, 'platform', 'content-words.json')));
  installClock();
  if (opts.startAt !== undefined) setNow(opts.startAt);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const db = createLocalDatabase({ dir: path.join(opts.dataDir, 'db'), now });
  const platformDb = createLocalDatabase({ dir: path.join(opts.dataDir, 'platform'), now });
  const platform = new LocalPlatform(platformDb);
  await platform.setup(LOCAL_TEMPLATES);
  const seeded = await seedDemo(db);
  await ensureIndexes(db, singleFieldIndexes());
  const storage = new LocalStorage({ dir: path.join(opts.dataDir, 'storage') });
  const push: LocalMessagePush = new LocalMessagePush({
    delay: opts.pushDelay ?? parsePushDelay(process.env.LOCAL_MEDIA_CHECK_DELAY_MS) ?? DEFAULT_PUSH_DELAY_MS,
    // The platform calls the function: no OPENID (see push.ts for the SOURCE).
    invoke: (fn: string, event: unknown): Promise<unknown> => runner.invoke(fn, event, { openid: '', source: 'wx_unknown' }),
    deployed: (fn: string): boolean => runner.names().includes(fn),
    log: (line) => console.log(line),
  });
  const runner: FunctionRunner = new FunctionRunner(opts.functionsDir, createLocalSdk({ db, platform, storage, security, push, now }));
  const timers = new TimerScheduler({
    triggers,
    invoke: (fn, event) => runner.invoke(fn, event, { openid: '', source: 'wx_trigger' }),
    now,
    log: (line) => console.log(line),
  });
  if (opts.timers !== false) timers.start();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const openid = String(req.headers['x-local-openid'] ?? '');
    const route = `${req.method} ${url.pathname}`;
    const handle = async (): Promise<void> => {
      if (url.pathname.startsWith('/__storage/') && (await storage.handle(req, res, url, openid))) {
        // served by the storage module
      } else if (req.method === 'POST' && url.pathname.startsWith('/fn/')) {
        const name = url.pathname.slice(4);
        const event = await readBody(req);
        send(res, 200, await runner.invoke(name, event, { openid, source: 'wx_client' }));
      } else if (route === 'GET /__dev/slow') {
        send(res, 200, { slow: runner.slowInvocations() });
      } else if (route === 'GET /__dev/identities') {
        // From the users collection, so people who joined with an invite show their new name and role; the demo
        // people first in their seeding order, then everyone else by openid.
        const users: Person[] = [];
        for (let skip = 0; ; skip += 100) {
          const page = (await db.collection(COLLECTIONS.users).skip(skip).limit(100).get()) as unknown as { data: Array<Omit<Person, 'id'> & { _id: string }> };
          users.push(...page.data.map(({ _id, ...rest }) => ({ ...rest, id: _id }) as Person));
          if (page.data.length < 100) break;
        }
        const rank = (id: string) => {
          const i = DEMO_PEOPLE.findIndex((d) => d.id === id);
          return i < 0 ? DEMO_PEOPLE.length : i;
        };
        users.sort((x, y) => rank(x.id) - rank(y.id) || x.id.localeCompare(y.id));
        send(res, 200, { identities: users.map((u) => describe({ ...u, name: u.name || u.id })) });
      } else if (route === 'GET /__dev/clock') {
        send(res, 200, { now: new Date(now()).toISOString() });
      } else if (route === 'POST /__dev/clock') {
        const body = (await readBody(req)) as { set?: string; advanceMinutes?: number };
        if (body.set) setNow(new Date(body.set).getTime());
        if (typeof body.advanceMinutes === 'number') advance(body.advanceMinutes * 60_000);
        const at = new Date(now()).toISOString();
        // NOTE: with timers off (--no-timers) moving the clock fires nothing: tests that control time without sweeps.
        const triggered = opts.timers === false ? [] : await timers.catchUp();
        send(res, 200, { now: at, triggered });
      } else if (route === 'GET /__dev/timers') {
        const list = timers.list().map(({ functionName, triggerName, cron }) => ({ functionName, triggerName, cron }));
        send(res, 200, { now: new Date(now()).toISOString(), triggers: list, history: timers.history() });
      } else if (route === 'POST /__wx/inject-send-error') {
        const body = (await readBody(req)) as { errCodes?: number[] };
        platform.injectSendErrors((body.errCodes ?? []).filter((n) => Number.isInteger(n)));
        send(res, 200, { ok: true });
      } else if (route === 'POST /__wx/requestSubscribeMessage') {
        const body = (await readBody(req)) as { result?: Record<string, string> };
        send(res, 200, { errMsg: 'requestSubscribeMessage:ok', ...(await platform.answerSubscribe(openid, body.result ?? {})) });
      } else if (route === 'GET /__wx/outbox') {
        send(res, 200, { messages: await platform.outbox(url.searchParams.get('touser') ?? undefined) });
      } else if (route === 'GET /__wx/credits') {
        send(res, 200, { credits: await platform.credits(url.searchParams.get('openid') ?? '', url.searchParams.get('tmplId') ?? '') });
      } else if (route === 'GET /__wx/pushes') {
        if (url.searchParams.get('settle') === '1') await push.idle();
        send(res, 200, { pushes: push.history() });
      } else if (route === 'POST /__wx/pushes/delay') {
        const body = (await readBody(req)) as { delay?: unknown };
        const delay = parsePushDelay(String(body.delay ?? ''));
        if (delay === undefined) send(res, 400, { errCode: -1, errMsg: 'delay must be a number of ms (≥ 0) or "manual"' });
        else {
          push.setDelay(delay);
          send(res, 200, { delay });
        }
      } else if (route === 'POST /__wx/pushes/deliver') {
        send(res, 200, { delivered: await push.deliverQueued() });
      } else if (route === 'POST /__wx/push') {
        const body = (await readBody(req)) as { event?: unknown };
        send(res, 200, { push: await push.push(body.event, 'POST /__wx/push') });
      } else if (req.method === 'GET') {
        serveStatic(opts.h5Dir, url.pathname, res);
      } else {
        send(res, 404, { errCode: -1, errMsg: `no route ${route}` });
      }
    };
    handle().catch((err: unknown) => {
      if (err instanceof CallFunctionError || err instanceof WxApiError) send(res, 500, { errCode: err.errCode, errMsg: err.errMsg });
      else send(res, 500, { errCode: -1, errMsg: String(err) });
    });
  });

  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  storage.setBaseUrl(`http://127.0.0.1:${port}`);
  return {
    url: `http://127.0.0.1:${port}/`,
    seeded,
    close: async () => {
      await timers.stop();
      await push.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
