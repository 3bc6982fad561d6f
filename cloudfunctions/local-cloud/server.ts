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
 *   POST /__snapshot/export  { dir }      write the whole state as a snapshot folder (see snapshot.ts)
 *   POST /__snapshot/import  { dir }      replace the whole state by a snapshot: timers stopped, requests held,
 *                                         the state swapped, everything restarted
 *   (the /__snapshot routes: JSON only, no other site's Origin, dir inside `snapshotRoots` — see snapshotRefusal)
 *
 * Data dir: db/ (app database), platform/ (platform state; platform/content-words.json overrides the content
 * security word list, see security.ts), storage/ (cloud storage files, see storage.ts).
 */
import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import type { Person } from '../core/community';
import { advance, installClock, now, offset, setNow } from './clock';
import { DEMO_COMMUNITY, DEMO_PEOPLE, LOCAL_TEMPLATES, describe, seedDemo } from './demo-data';
import { historyResidents, simulateHistory, type HistorySummary } from './history';
import { handleInspector, type InspectorContext } from './inspector';
import { LocalPlatform, WxApiError } from './platform';
import { CallFunctionError, FunctionRunner } from './runner';
import { closeLocalDatabase, createLocalDatabase, ensureIndexes, type LocalDatabase } from './sdk/database';
import { COLLECTIONS, INDEXES } from '../adapters/wx/collections';

/** The local store's approximation of the deployed compound indexes: one index per field named in any of them. */
export function singleFieldIndexes(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(INDEXES).map(([collection, indexes]) => [collection, [...new Set(indexes.flat())]]));
}
import { createLocalSdk } from './sdk';
import { DEFAULT_PUSH_DELAY_MS, LocalMessagePush, parsePushDelay, type PushDelay } from './push';
import { LocalSecurity, readContentWords } from './security';
import { LocalStorage } from './storage';
import { TimerScheduler, readTriggers, type TimerState } from './timers';
import {
  allowedSnapshotDir,
  captureSnapshot,
  loadSnapshotInto,
  readSnapshot,
  SnapshotError,
  writeSnapshot,
  type RuntimeState,
  type SnapshotManifest,
} from './snapshot';

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
  /**
   * Start from this snapshot folder (see snapshot.ts): it replaces the data dir's state before anything opens, and
   * the clock resumes at the snapshot's instant unless `startAt` is given.
   */
  importFrom?: string;
  /**
   * Folders under which POST /__snapshot/export and /__snapshot/import may name a folder (a relative `dir` is
   * taken from the first). Default: none — the endpoints refuse every folder.
   */
  snapshotRoots?: string[];
  /**
   * On a fresh data dir, replay this many days of a neighbourhood's life through the functions before serving
   * (history.ts): `npm start` asks for 90, tests for none.
   */
  history?: { days: number; seed?: number };
  /** Called when the history replay begins (so a start script can say why it waits). */
  onHistory?: () => void;
}

export interface LocalCloud {
  url: string;
  seeded: boolean;
  /** What the history replay did (null when none ran). */
  history: (HistorySummary & { ms: number }) | null;
  /** Write the whole state as a snapshot folder (replacing a snapshot already there). */
  exportSnapshot(dir: string): Promise<SnapshotManifest>;
  /** Replace the whole state by a snapshot folder (checked first: a refused one changes nothing). */
  importSnapshot(dir: string): Promise<SnapshotManifest>;
  close(): Promise<void>;
}

/** Everything that depends on the data dir's state: rebuilt when a snapshot is imported into a running cloud. */
interface Live {
  db: LocalDatabase;
  platformDb: LocalDatabase;
  platform: LocalPlatform;
  storage: LocalStorage;
  push: LocalMessagePush;
  runner: FunctionRunner;
  timers: TimerScheduler;
  seeded: boolean;
  /** History is to be replayed before the timers start (a fresh store and `history` asked for). */
  replays: boolean;
}

/**
 * Replay history on a freshly seeded store (history.ts): its residents are written as people (like the demo's), then
 * every case is made by the functions with the clock moved along and the timer trigger run between steps. The clock
 * then returns to where it was (plus the time the replay took). The functions' and timers' lines are not printed.
 */
async function replayHistory(
  db: LocalDatabase,
  platform: LocalPlatform,
  runner: FunctionRunner,
  timers: TimerScheduler,
  opts: { days: number; seed?: number },
) {
  // Real time (Date is the shifted clock, moved by the replay).
  const started = performance.now();
  const target = now();
  const residents = historyResidents(DEMO_COMMUNITY);
  for (const { id, ...rest } of residents)
    await db
      .collection(COLLECTIONS.users)
      .doc(id)
      .set({ data: { ...rest } });
  const quiet = { log: console.log, warn: console.warn, error: console.error };
  console.log = () => undefined;
  console.warn = () => undefined;
  console.error = () => undefined;
  try {
    const summary = await simulateHistory(
      {
        call: (fn, action, payload, openid) => runner.invoke(fn, { action, payload }, { openid, source: 'wx_client' }),
        setNow,
        tick: async () => void (await timers.catchUp()),
        subscribe: async (openid, answers) => void (await platform.answerSubscribe(openid, answers)),
      },
      { days: opts.days, end: target, seed: opts.seed, community: DEMO_COMMUNITY, people: [...DEMO_PEOPLE, ...residents] },
    );
    const ms = Math.round(performance.now() - started);
    setNow(target + ms);
    return { ...summary, ms };
  } finally {
    console.log = quiet.log;
    console.warn = quiet.warn;
    console.error = quiet.error;
  }
}

/**
 * Why a /__snapshot request is refused, or null. Bound to 127.0.0.1 the server is still reachable from any web
 * page the developer opens (a form or fetch to 127.0.0.1), and a snapshot writes and replaces folders: so the
 * body must be sent as application/json (a cross-site page cannot without a CORS preflight, which this server
 * never grants), an Origin header must be this server's, and the Host must be 127.0.0.1 / localhost (DNS rebinding).
 */
function snapshotRefusal(req: http.IncomingMessage, port: number): string | null {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (type !== 'application/json') return 'content-type must be application/json';
  const host = String(req.headers.host ?? '');
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return `host ${host} refused: only 127.0.0.1 / localhost`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return `origin ${origin} refused`;
  return null;
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
  const contentWordsFile = path.join(opts.dataDir, 'platform', 'content-words.json');
  // Likewise a broken snapshot, or a malformed content-words.json (the content security word list).
  const imported = opts.importFrom === undefined ? null : readSnapshot(opts.importFrom);
  if (!imported) readContentWords(contentWordsFile);
  installClock();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  if (imported) await loadSnapshotInto(imported, opts.dataDir, singleFieldIndexes());
  if (opts.startAt !== undefined) setNow(opts.startAt);
  else if (imported) setNow(Date.parse(imported.runtime.clock.now));
  let pushDelay: PushDelay = opts.pushDelay ?? parsePushDelay(process.env.LOCAL_MEDIA_CHECK_DELAY_MS) ?? DEFAULT_PUSH_DELAY_MS;

  /** The server's port once it listens (temp URLs of the storage are built on it). */
  let port = 0;
  /** Open the data dir's state; `runtime` resumes the timers and injected errors of a snapshot. */
  const open = async (runtime: RuntimeState | null): Promise<Live> => {
    const security = new LocalSecurity(readContentWords(contentWordsFile));
    const db = createLocalDatabase({ dir: path.join(opts.dataDir, 'db'), now });
    const platformDb = createLocalDatabase({ dir: path.join(opts.dataDir, 'platform'), now });
    const platform = new LocalPlatform(platformDb);
    await platform.setup(LOCAL_TEMPLATES);
    if (runtime) platform.injectSendErrors(runtime.injectedSendErrors);
    const seeded = await seedDemo(db);
    await ensureIndexes(db, singleFieldIndexes());
    const storage = new LocalStorage({ dir: path.join(opts.dataDir, 'storage'), baseUrl: port ? `http://127.0.0.1:${port}` : undefined });
    const push: LocalMessagePush = new LocalMessagePush({
      delay: pushDelay,
      // The platform calls the function: no OPENID (see push.ts for the SOURCE).
      invoke: (fn: string, event: unknown): Promise<unknown> => runner.invoke(fn, event, { openid: '', source: 'wx_unknown' }),
      deployed: (fn: string): boolean => runner.names().includes(fn),
      log: (line) => console.log(line),
    });
    const runner: FunctionRunner = new FunctionRunner(opts.functionsDir, createLocalSdk({ db, platform, storage, security, push, now }));
    const resume: TimerState | undefined = runtime
      ? { lastChecked: Math.min(Date.parse(runtime.timers.lastChecked), now()), history: runtime.timers.history }
      : undefined;
    const timers = new TimerScheduler({
      triggers,
      invoke: (fn, event) => runner.invoke(fn, event, { openid: '', source: 'wx_trigger' }),
      now,
      log: (line) => console.log(line),
      resume,
    });
    // A fresh store that gets its history starts its timers after the replay (startLocalCloud), which moves the clock.
    const replays = seeded && !runtime && opts.history !== undefined;
    if (opts.timers !== false && !replays) timers.start();
    return { db, platformDb, platform, storage, push, runner, timers, seeded, replays };
  };
  /** Stop the timers and pushes (waiting for runs under way) and close both databases. */
  const shut = async (l: Live): Promise<void> => {
    await l.timers.stop();
    await l.push.stop();
    await closeLocalDatabase(l.db);
    await closeLocalDatabase(l.platformDb);
  };

  let live = await open(imported?.runtime ?? null);
  const seeded = live.seeded;
  // Requests wait while a snapshot is being imported; the import waits for the requests already being served.
  let importing: Promise<void> | null = null;
  const serving = new Set<Promise<void>>();
  /**
   * Runs `work` once no import is under way, counted among the requests being served until it settles.
   * NOTE: registered only after the gate (no await in between), so an import never waits for a request that is
   * itself waiting for that import.
   */
  const admitted = async <T>(work: () => Promise<T>): Promise<T> => {
    while (importing) await importing;
    const running = work();
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    serving.add(settled);
    try {
      return await running;
    } finally {
      serving.delete(settled);
    }
  };

  const runtimeState = (): RuntimeState => {
    const t = live.timers.state();
    return {
      clock: { now: new Date(now()).toISOString(), offsetMs: offset() },
      timers: { lastChecked: new Date(t.lastChecked).toISOString(), history: t.history },
      injectedSendErrors: live.platform.pendingSendErrors(),
    };
  };
  const exportSnapshot = (dir: string): Promise<SnapshotManifest> =>
    admitted(async () => {
      const l = live;
      const snapshot = await captureSnapshot(
        {
          db: l.db,
          dbDir: path.join(opts.dataDir, 'db'),
          platformDb: l.platformDb,
          platformDir: path.join(opts.dataDir, 'platform'),
          storage: l.storage,
          runtime: runtimeState,
        },
        contentWordsFile,
      );
      writeSnapshot(snapshot, dir);
      return snapshot.manifest;
    });
  /**
   * NOTE: a function invocation the runner gave up on (its timeout) may still be running; if it writes after the
   * swap, its write goes to the closed database's engine, i.e. to the new files. Import while nothing is running.
   */
  const importSnapshot = async (dir: string): Promise<SnapshotManifest> => {
    // Checked whole before anything stops: a refused snapshot leaves the running cloud as it was.
    const snapshot = readSnapshot(dir);
    while (importing) await importing;
    let done!: () => void;
    importing = new Promise<void>((resolve) => (done = resolve));
    try {
      await Promise.all([...serving]);
      const before = runtimeState();
      await shut(live);
      try {
        await loadSnapshotInto(snapshot, opts.dataDir, singleFieldIndexes());
        setNow(Date.parse(snapshot.runtime.clock.now));
        live = await open(snapshot.runtime);
      } catch (err) {
        // Nothing was swapped in (loadSnapshotInto swaps last): reopen what is there, as it was.
        live = await open(before);
        throw err;
      }
    } finally {
      importing = null;
      done();
    }
    return snapshot.manifest;
  };

  const snapshotRoute = async (req: http.IncomingMessage, res: http.ServerResponse, kind: 'export' | 'import'): Promise<void> => {
    const refusal = snapshotRefusal(req, port);
    if (refusal) {
      req.resume();
      return send(res, 403, { ok: false, error: refusal });
    }
    const body = (await readBody(req)) as { dir?: unknown };
    try {
      const dir = allowedSnapshotDir(body.dir, opts.snapshotRoots ?? [], opts.dataDir);
      const manifest = kind === 'export' ? await exportSnapshot(dir) : await importSnapshot(dir);
      send(res, 200, { ok: true, dir, manifest });
    } catch (err) {
      if (err instanceof SnapshotError) send(res, 400, { ok: false, error: err.message });
      else send(res, 500, { ok: false, error: String((err as Error)?.message ?? err) });
    }
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const openid = String(req.headers['x-local-openid'] ?? '');
    const route = `${req.method} ${url.pathname}`;
    if (route === 'POST /__snapshot/export' || route === 'POST /__snapshot/import') {
      snapshotRoute(req, res, route === 'POST /__snapshot/export' ? 'export' : 'import').catch((err: unknown) =>
        send(res, 500, { ok: false, error: String(err) }),
      );
      return;
    }
    const handle = async (): Promise<void> => {
      const { db, platform, storage, push, runner, timers } = live;
      const inspector: InspectorContext = {
        db,
        platformDb: live.platformDb,
        dbDir: path.join(opts.dataDir, 'db'),
        platformDir: path.join(opts.dataDir, 'platform'),
        platform,
        storage,
        runner,
        timers,
        now,
      };
      if (url.pathname.startsWith('/__inspector') && (await handleInspector(req, res, url, inspector, send))) {
        // served by the inspector
      } else if (url.pathname.startsWith('/__storage/') && (await storage.handle(req, res, url, openid))) {
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
          pushDelay = delay;
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
    admitted(handle).catch((err: unknown) => {
      if (err instanceof CallFunctionError || err instanceof WxApiError) send(res, 500, { errCode: err.errCode, errMsg: err.errMsg });
      else send(res, 500, { errCode: -1, errMsg: String(err) });
    });
  });

  await new Promise<void>((resolve) => server.listen(opts.port, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}`;
  live.storage.setBaseUrl(baseUrl);
  // After listening: the replay's 通报 need the storage's links. Nobody has the URL yet (it is returned below).
  let history: (HistorySummary & { ms: number }) | null = null;
  if (live.replays && opts.history) {
    opts.onHistory?.();
    history = await replayHistory(live.db, live.platform, live.runner, live.timers, opts.history);
    if (opts.timers !== false) live.timers.start();
  }
  return {
    url: `${baseUrl}/`,
    seeded,
    history,
    exportSnapshot,
    importSnapshot,
    close: async () => {
      while (importing) await importing;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await shut(live);
    },
  };
}
