/**
 * The deployed functions' `main`s in this test process: no HTTP server, no child process. `wx-server-sdk` is the
 * local cloud's implementation (the same one `npm start` hands the bundles) over an in-memory database seeded with
 * the demo community, an in-memory platform (credits, outbox) and a temporary storage folder; identity comes from
 * the invocation exactly as in the local cloud. Events and answers go through JSON, as over HTTP.
 * For tests that make thousands of calls and must know exactly what each changed (test/cloud/fuzz.test.ts): every
 * document write of both databases is traced (the document before and after), which is exact and costs nothing
 * when a call writes nothing.
 * NOTE: call from a test file only (it uses jest.doMock); it shifts the test file's clock (Date) to `now`.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { INDEXES } from '../../cloudfunctions/adapters/wx/collections';
import { installClock, now, setNow } from '../../cloudfunctions/local-cloud/clock';
import { LOCAL_TEMPLATES, seedDemo } from '../../cloudfunctions/local-cloud/demo-data';
import { LocalPlatform } from '../../cloudfunctions/local-cloud/platform';
import { createLocalSdk, invocations } from '../../cloudfunctions/local-cloud/sdk';
import { createLocalDatabase, ensureIndexes } from '../../cloudfunctions/local-cloud/sdk/database';
import { CollectionStore } from '../../cloudfunctions/local-cloud/sdk/db/store';
import type { LocalDatabase, StoredDocument } from '../../cloudfunctions/local-cloud/sdk/database';
import { LocalSecurity } from '../../cloudfunctions/local-cloud/security';
import { LocalStorage } from '../../cloudfunctions/local-cloud/storage';

const ROOT = path.resolve(__dirname, '../..');
const FUNCTIONS = path.join(ROOT, 'cloudfunctions', 'functions');

type Main = (event: unknown, context: unknown) => Promise<unknown>;

export interface InProcessCloud {
  /** Deployed function names (folders under cloudfunctions/functions). */
  names: string[];
  /** Invoke `fn` as `openid` ('' = a timer trigger) with `event` sent as JSON; the answer as JSON would carry it. */
  invoke(fn: string, event: unknown, openid: string): Promise<unknown>;
  /** How many document writes both databases (app and platform) have made so far. */
  writes(): number;
  /** Start remembering every document written (app and platform databases). */
  beginTrace(): void;
  /** Stop; the documents whose content differs from before the trace began (written back unchanged = no change). */
  endTrace(): Promise<DocChange[]>;
  /** The storage folder's files and sizes, as one string. */
  files(): string;
  db: LocalDatabase;
  storage: LocalStorage;
  /** Move the clock (the functions read the test file's Date). */
  setNow(iso: string): void;
  close(): void;
}

/** A document write seen while tracing: the document before the first write and after the last. */
export interface DocChange {
  collection: string;
  id: string | number;
  before: unknown;
  after: unknown;
}

/** JSON with object keys sorted (a rewrite of the same content is no change). */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

let writeCount = 0;
/** While tracing: per store, each written document's state before its first write in the trace. */
let trace: Map<CollectionStore, Map<string | number, StoredDocument | null>> | null = null;
let patched = false;
/**
 * Every change of a document in a local database goes through CollectionStore.insert / put / removeById (the
 * engine's only writers, also for transactions and their rollback): count them, and while tracing remember each
 * document as it was before its first write.
 */
function watchWrites(): void {
  if (patched) return;
  patched = true;
  const proto = CollectionStore.prototype as unknown as Record<'insert' | 'put' | 'removeById', (this: CollectionStore, arg: unknown) => Promise<void>>;
  for (const method of ['insert', 'put', 'removeById'] as const) {
    const original = proto[method];
    proto[method] = async function (this: CollectionStore, arg: unknown) {
      writeCount++;
      if (trace) {
        const id = method === 'removeById' ? (arg as string | number) : (arg as StoredDocument)._id;
        const seen = trace.get(this) ?? new Map<string | number, StoredDocument | null>();
        trace.set(this, seen);
        if (!seen.has(id)) seen.set(id, await this.findById(id));
      }
      return original.call(this, arg);
    };
  }
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(p));
    else out.push(`${p}:${fs.statSync(p).size}`);
  }
  return out.sort();
}

/** Start the functions in-process at `now` (ISO), with the demo community. */
export async function inProcessCloud(opts: { now: string }): Promise<InProcessCloud> {
  installClock();
  setNow(Date.parse(opts.now));
  watchWrites();
  const db = createLocalDatabase({ dir: null, now });
  const platformDb = createLocalDatabase({ dir: null, now });
  const platform = new LocalPlatform(platformDb);
  await platform.setup(LOCAL_TEMPLATES);
  await seedDemo(db);
  await ensureIndexes(db, Object.fromEntries(Object.entries(INDEXES).map(([c, ix]) => [c, [...new Set(ix.flat())]])));
  const storageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-fuzz-storage-'));
  const storage = new LocalStorage({ dir: storageDir, baseUrl: 'http://127.0.0.1:1' });
  const sdk = createLocalSdk({ db, platform, storage, security: new LocalSecurity() });
  jest.doMock('wx-server-sdk', () => sdk);

  const names = fs
    .readdirSync(FUNCTIONS)
    .filter((n) => fs.existsSync(path.join(FUNCTIONS, n, 'index.ts')))
    .sort();
  const mains = new Map<string, { main: Main; openapi: string[] }>();
  for (const name of names) {
    const mod = jest.requireActual<{ main: Main }>(path.join(FUNCTIONS, name, 'index.ts'));
    const config = JSON.parse(fs.readFileSync(path.join(FUNCTIONS, name, 'config.json'), 'utf8')) as { permissions?: { openapi?: string[] } };
    mains.set(name, { main: mod.main, openapi: config.permissions?.openapi ?? [] });
  }

  return {
    names,
    db,
    storage,
    async invoke(fn, event, openid) {
      const f = mains.get(fn);
      if (!f) throw new Error(`no function ${fn}`);
      const wire = JSON.parse(JSON.stringify(event === undefined ? {} : event)) as unknown;
      const inv = { openid, source: openid ? ('wx_client' as const) : ('wx_trigger' as const), functionName: fn, openapiPermissions: f.openapi };
      const answer = await invocations.run(inv, () => f.main(wire, { function_name: fn }));
      return answer === undefined ? undefined : (JSON.parse(JSON.stringify(answer)) as unknown);
    },
    beginTrace: () => void (trace = new Map()),
    async endTrace() {
      const seen = trace ?? new Map<CollectionStore, Map<string | number, StoredDocument | null>>();
      trace = null;
      const changes: DocChange[] = [];
      for (const [store, docs] of seen) {
        for (const [id, before] of docs) {
          const after = await store.findById(id);
          if (canonical(before) !== canonical(after)) changes.push({ collection: store.name, id, before, after });
        }
      }
      return changes;
    },
    writes: () => writeCount,
    files: () => listFiles(storageDir).join('\n'),
    setNow: (iso) => setNow(Date.parse(iso)),
    close: () => fs.rmSync(storageDir, { recursive: true, force: true }),
  };
}
