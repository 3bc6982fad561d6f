/**
 * Snapshots of the local cloud's whole state (like the Firebase emulators' `--import` / `--export-on-exit`): a
 * folder of plain files that diffs well and can be committed as a test fixture.
 *
 *   snapshot.json                 { format, version, exportedAt, clockNow, counts }
 *   db/<collection>.json          the app database: one JSON array per collection, documents sorted by `_id`
 *   platform/<collection>.json    the platform's database (templates, credits per user and template, outbox)
 *   platform/state.json           what lives in memory: the clock, the timers' last poll and runs, injected send errors
 *   platform/content-words.json   the content-security word list override, when the data dir has one
 *   storage/manifest.json         { "<cloudPath>": { contentType, uploader, size, uploadedAt, sha256 } }
 *   storage/files/<cloudPath>     the stored files, byte for byte
 *
 * Values JSON cannot hold are written as `{ "$date": "<ISO>" }` (a stored document never has a `$` key, so this is
 * unambiguous). Export reads each database in ONE operation on its queue (`readConsistently`: nothing writes
 * meanwhile) and the storage in one synchronous pass, then writes a temporary folder beside the target and renames
 * it into place. Import reads and checks the whole folder first, loads it through the database layer into a
 * temporary folder inside the data dir (collections created, documents added, indexes ensured), and only then
 * swaps it in: a refused snapshot changes nothing.
 * NOTE: 消息推送 still waiting for delivery (held mediaCheck verdicts) are not kept: they are closures, not data.
 */
import { createHash, randomBytes } from 'crypto';
import fs from 'fs';
import path from 'path';
import { readContentWords } from './security';
import {
  closeLocalDatabase,
  createLocalDatabase,
  ensureIndexes,
  readConsistently,
  type LocalDatabase,
  type StoredDocument,
  type WholeCollectionReader,
} from './sdk/database';
import { cloudPathProblem, LocalStorage, type StoredFileMeta } from './storage';
import type { TriggerRun } from './timers';

export const SNAPSHOT_FORMAT = 'golden-key-local-snapshot';
export const SNAPSHOT_VERSION = 1;
const MANIFEST = 'snapshot.json';
const STATE = 'state.json';
const CONTENT_WORDS = 'content-words.json';

/** The state the local cloud keeps in memory rather than in its data dir. */
export interface RuntimeState {
  /** The local clock when exported; an import sets the clock back to this instant (unless --now says otherwise). */
  clock: { now: string; offsetMs: number };
  /** The timer scheduler: the end of the last window it polled, and its recent runs. */
  timers: { lastChecked: string; history: TriggerRun[] };
  /** Errors injected for the next subscription-message sends and not used yet. */
  injectedSendErrors: number[];
}

export interface SnapshotManifest {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  /** Real time of the export. */
  exportedAt: string;
  /** The local clock at the export. */
  clockNow: string;
  counts: { db: Record<string, number>; platform: Record<string, number>; storageFiles: number; storageBytes: number };
}

interface StoredFile {
  cloudPath: string;
  meta: StoredFileMeta;
  bytes: Buffer;
}

/** A snapshot in memory: what export captures and import loads. */
export interface Snapshot {
  manifest: SnapshotManifest;
  db: Record<string, StoredDocument[]>;
  platform: Record<string, StoredDocument[]>;
  runtime: RuntimeState;
  contentWords: Buffer | null;
  files: StoredFile[];
}

/** What a running local cloud hands to `captureSnapshot`. */
export interface SnapshotSource {
  db: LocalDatabase;
  dbDir: string;
  platformDb: LocalDatabase;
  platformDir: string;
  storage: LocalStorage;
  /** Called inside the consistent read. */
  runtime: () => RuntimeState;
}

export class SnapshotError extends Error {}

// ---- values ----

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** A stored value as JSON: Dates become { $date }, `_id` first in a document. */
export function encode(value: unknown): unknown {
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    if ('_id' in value) out._id = value._id;
    for (const [k, v] of Object.entries(value)) if (k !== '_id') out[k] = encode(v);
    return out;
  }
  return value;
}

/** The inverse of encode. */
export function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$date') {
      const at = typeof value.$date === 'string' ? Date.parse(value.$date) : NaN;
      if (Number.isNaN(at)) throw new Error(`{ "$date": ${JSON.stringify(value.$date)} } is not a date`);
      return new Date(at);
    }
    return Object.fromEntries(keys.map((k) => [k, decode(value[k])]));
  }
  return value;
}

/** `_id` order: numbers first (numerically), then strings by code point — the same on every machine. */
function byId(a: StoredDocument, b: StoredDocument): number {
  const x = a._id;
  const y = b._id;
  if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

// ---- export ----

/** Collection names of a database folder (a collection is its `<name>.db` file, or nedb's `~` copy of it). */
export function collectionNames(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const names = fs
    .readdirSync(dir)
    .map((f) => /^([A-Za-z0-9_-]{1,100})\.db~?$/.exec(f)?.[1])
    .filter((n): n is string => n !== undefined);
  return [...new Set(names)].sort();
}

async function readAll(read: WholeCollectionReader, names: string[]): Promise<Record<string, StoredDocument[]>> {
  const out: Record<string, StoredDocument[]> = {};
  for (const name of names) {
    const docs = await read(name);
    if (docs) out[name] = docs.sort(byId);
  }
  return out;
}

const counts = (collections: Record<string, StoredDocument[]>): Record<string, number> =>
  Object.fromEntries(Object.entries(collections).map(([name, docs]) => [name, docs.length]));

/**
 * A consistent state of a running local cloud: each database read in one operation on its queue (the app
 * database's held while the platform's is read), the storage in one synchronous pass inside them.
 */
export async function captureSnapshot(source: SnapshotSource, contentWordsFile: string): Promise<Snapshot> {
  return readConsistently(source.db, (readDb) =>
    readConsistently(source.platformDb, async (readPlatform) => {
      const db = await readAll(readDb, collectionNames(source.dbDir));
      const platform = await readAll(readPlatform, collectionNames(source.platformDir));
      const files = source.storage.entries();
      const runtime = source.runtime();
      const contentWords = fs.existsSync(contentWordsFile) ? fs.readFileSync(contentWordsFile) : null;
      const manifest: SnapshotManifest = {
        format: SNAPSHOT_FORMAT,
        version: SNAPSHOT_VERSION,
        exportedAt: new Date(Math.round(performance.timeOrigin + performance.now())).toISOString(),
        clockNow: runtime.clock.now,
        counts: { db: counts(db), platform: counts(platform), storageFiles: files.length, storageBytes: files.reduce((n, f) => n + f.bytes.length, 0) },
      };
      return { manifest, db, platform, runtime, contentWords, files };
    }),
  );
}

/** Why `dir` may not receive an export (it would overwrite something that is not a snapshot), or null. */
export function exportTargetProblem(dir: string): string | null {
  if (!fs.existsSync(dir)) return null;
  if (!fs.statSync(dir).isDirectory()) return `${dir} exists and is not a folder`;
  const entries = fs.readdirSync(dir);
  if (entries.length === 0 || entries.includes(MANIFEST)) return null;
  return `${dir} is neither empty nor a snapshot (no ${MANIFEST}): not overwritten`;
}

/**
 * Writes `snapshot` as the folder `dir`, replacing a snapshot already there: written beside it first, then renamed
 * into place, so `dir` is never half-written.
 */
export function writeSnapshot(snapshot: Snapshot, dir: string): void {
  const target = path.resolve(dir);
  const problem = exportTargetProblem(target);
  if (problem) throw new SnapshotError(problem);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const work = path.join(parent, `.${path.basename(target)}.export-${tag}`);
  const old = path.join(parent, `.${path.basename(target)}.replaced-${tag}`);
  try {
    fs.mkdirSync(path.join(work, 'db'), { recursive: true });
    fs.mkdirSync(path.join(work, 'platform'), { recursive: true });
    fs.mkdirSync(path.join(work, 'storage', 'files'), { recursive: true });
    fs.writeFileSync(path.join(work, MANIFEST), json(snapshot.manifest));
    for (const [name, docs] of Object.entries(snapshot.db)) fs.writeFileSync(path.join(work, 'db', `${name}.json`), json(docs.map(encode)));
    for (const [name, docs] of Object.entries(snapshot.platform)) fs.writeFileSync(path.join(work, 'platform', `${name}.json`), json(docs.map(encode)));
    fs.writeFileSync(path.join(work, 'platform', STATE), json(snapshot.runtime));
    if (snapshot.contentWords) fs.writeFileSync(path.join(work, 'platform', CONTENT_WORDS), snapshot.contentWords);
    const manifest: Record<string, StoredFileMeta & { sha256: string }> = {};
    for (const f of snapshot.files) {
      const file = path.join(work, 'storage', 'files', f.cloudPath);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, f.bytes);
      manifest[f.cloudPath] = { ...f.meta, size: f.bytes.length, sha256: sha256(f.bytes) };
    }
    fs.writeFileSync(path.join(work, 'storage', 'manifest.json'), json(manifest));
    const replacing = fs.existsSync(target);
    if (replacing) fs.renameSync(target, old);
    fs.renameSync(work, target);
    if (replacing) fs.rmSync(old, { recursive: true, force: true });
  } catch (err) {
    fs.rmSync(work, { recursive: true, force: true });
    if (fs.existsSync(old) && !fs.existsSync(target)) fs.renameSync(old, target);
    throw err;
  }
}

// ---- import ----

function readJson(dir: string, rel: string): unknown {
  const file = path.join(dir, rel);
  if (!fs.existsSync(file)) throw new SnapshotError(`snapshot ${dir}: ${rel} is missing`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SnapshotError(`snapshot ${dir}: ${rel} is not valid JSON (${(err as Error).message})`);
  }
}

function readCollections(dir: string, sub: 'db' | 'platform', listed: Record<string, number>): Record<string, StoredDocument[]> {
  const folder = path.join(dir, sub);
  const onDisk = fs.existsSync(folder)
    ? fs
        .readdirSync(folder)
        .filter((f) => f.endsWith('.json') && !(sub === 'platform' && (f === STATE || f === CONTENT_WORDS)))
        .map((f) => f.slice(0, -'.json'.length))
    : [];
  const names = [...new Set([...Object.keys(listed), ...onDisk])].sort();
  const out: Record<string, StoredDocument[]> = {};
  for (const name of names) {
    const rel = `${sub}/${name}.json`;
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(name)) throw new SnapshotError(`snapshot ${dir}: ${rel}: not a collection name (letters, digits, "_" and "-")`);
    const raw = readJson(dir, rel);
    if (!Array.isArray(raw)) throw new SnapshotError(`snapshot ${dir}: ${rel} must be an array of documents`);
    const seen = new Set<string | number>();
    out[name] = raw.map((item: unknown, i) => {
      const id = isRecord(item) ? item._id : undefined;
      if (!((typeof id === 'string' && id !== '') || typeof id === 'number')) {
        throw new SnapshotError(`snapshot ${dir}: ${rel}[${i}] is not a document with a string or number _id`);
      }
      if (seen.has(id)) throw new SnapshotError(`snapshot ${dir}: ${rel}: _id ${JSON.stringify(id)} appears twice`);
      seen.add(id);
      try {
        return decode(item) as StoredDocument;
      } catch (err) {
        throw new SnapshotError(`snapshot ${dir}: ${rel}[${i}]: ${(err as Error).message}`);
      }
    });
  }
  return out;
}

function readRuntime(dir: string): RuntimeState {
  const raw = readJson(dir, `platform/${STATE}`);
  const bad = (what: string) => new SnapshotError(`snapshot ${dir}: platform/${STATE}: ${what}`);
  if (!isRecord(raw)) throw bad('must be an object');
  const clock = raw.clock;
  if (!isRecord(clock) || typeof clock.now !== 'string' || Number.isNaN(Date.parse(clock.now))) throw bad('clock.now must be an ISO date-time');
  const timers = raw.timers;
  if (!isRecord(timers) || typeof timers.lastChecked !== 'string' || Number.isNaN(Date.parse(timers.lastChecked)) || !Array.isArray(timers.history)) {
    throw bad('timers must be { lastChecked: ISO date-time, history: [...] }');
  }
  const injected = raw.injectedSendErrors ?? [];
  if (!Array.isArray(injected) || !injected.every((n) => Number.isInteger(n))) throw bad('injectedSendErrors must be a list of integers');
  return {
    clock: { now: clock.now, offsetMs: typeof clock.offsetMs === 'number' ? clock.offsetMs : 0 },
    timers: { lastChecked: timers.lastChecked, history: timers.history as TriggerRun[] },
    injectedSendErrors: injected as number[],
  };
}

function readFiles(dir: string): StoredFile[] {
  const raw = readJson(dir, 'storage/manifest.json');
  const bad = (what: string) => new SnapshotError(`snapshot ${dir}: storage/${what}`);
  if (!isRecord(raw)) throw bad('manifest.json must be an object { "<cloudPath>": { contentType, uploader, size, uploadedAt, sha256 } }');
  const filesDir = path.join(dir, 'storage', 'files');
  const files: StoredFile[] = [];
  for (const [cloudPath, meta] of Object.entries(raw)) {
    const problem = cloudPathProblem(cloudPath);
    if (problem) throw bad(`manifest.json: "${cloudPath}": ${problem}`);
    if (!isRecord(meta) || typeof meta.contentType !== 'string' || typeof meta.uploader !== 'string' || typeof meta.uploadedAt !== 'string') {
      throw bad(`manifest.json: "${cloudPath}" needs contentType, uploader and uploadedAt strings`);
    }
    const file = path.join(filesDir, cloudPath);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw bad(`files/${cloudPath} is missing (listed in manifest.json)`);
    const bytes = fs.readFileSync(file);
    if (typeof meta.size === 'number' && meta.size !== bytes.length) throw bad(`files/${cloudPath} has ${bytes.length} bytes, manifest.json says ${meta.size}`);
    if (typeof meta.sha256 === 'string' && meta.sha256 !== sha256(bytes)) throw bad(`files/${cloudPath} does not match its sha256 in manifest.json`);
    files.push({ cloudPath, bytes, meta: { contentType: meta.contentType, uploader: meta.uploader, size: bytes.length, uploadedAt: meta.uploadedAt } });
  }
  const listed = new Set(files.map((f) => f.cloudPath));
  const walk = (d: string, prefix: string): void => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = prefix + e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), `${p}/`);
      else if (!listed.has(p)) throw bad(`files/${p} is not listed in manifest.json`);
    }
  };
  walk(filesDir, '');
  return files;
}

/** Reads and checks a snapshot folder whole; throws a SnapshotError naming the file at fault. */
export function readSnapshot(dir: string): Snapshot {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new SnapshotError(`snapshot ${root}: no such folder`);
  const manifest = readJson(root, MANIFEST);
  if (!isRecord(manifest) || manifest.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`snapshot ${root}: ${MANIFEST} is not a ${SNAPSHOT_FORMAT} manifest`);
  if (manifest.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError(`snapshot ${root}: format version ${String(manifest.version)} (this local cloud reads version ${SNAPSHOT_VERSION})`);
  }
  const listed = isRecord(manifest.counts) ? manifest.counts : {};
  const names = (v: unknown): Record<string, number> => (isRecord(v) ? (v as Record<string, number>) : {});
  const contentWordsFile = path.join(root, 'platform', CONTENT_WORDS);
  if (fs.existsSync(contentWordsFile)) {
    try {
      readContentWords(contentWordsFile);
    } catch (err) {
      throw new SnapshotError(`snapshot ${root}: ${(err as Error).message}`);
    }
  }
  return {
    manifest: manifest as unknown as SnapshotManifest,
    db: readCollections(root, 'db', names(listed.db)),
    platform: readCollections(root, 'platform', names(listed.platform)),
    runtime: readRuntime(root),
    contentWords: fs.existsSync(contentWordsFile) ? fs.readFileSync(contentWordsFile) : null,
    files: readFiles(root),
  };
}

const CHUNK = 500;

async function loadDatabase(dir: string, collections: Record<string, StoredDocument[]>, indexes: Record<string, string[]>, label: string): Promise<void> {
  const db = createLocalDatabase({ dir });
  try {
    for (const [name, docs] of Object.entries(collections)) {
      await db.createCollection(name);
      for (let i = 0; i < docs.length; i += CHUNK) {
        try {
          await db.collection(name).add({ data: docs.slice(i, i + CHUNK) });
        } catch (err) {
          throw new SnapshotError(`${label}/${name}.json could not be stored: ${(err as Error).message ?? String(err)}`);
        }
      }
    }
    await ensureIndexes(db, indexes);
  } finally {
    await closeLocalDatabase(db);
  }
}

/** The parts of a data dir a snapshot replaces. */
const PARTS = ['db', 'platform', 'storage'] as const;

/**
 * Replaces the state in `dataDir` (its db/, platform/ and storage/) by `snapshot`. Everything is loaded into a
 * temporary folder inside `dataDir` first; on any failure that folder is removed and `dataDir` is untouched.
 * Nothing may have the data dir's databases open (the running cloud closes them first).
 */
export async function loadSnapshotInto(snapshot: Snapshot, dataDir: string, indexes: Record<string, string[]>): Promise<void> {
  fs.mkdirSync(dataDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(dataDir, '.import-'));
  try {
    await loadDatabase(path.join(work, 'db'), snapshot.db, indexes, 'db');
    await loadDatabase(path.join(work, 'platform'), snapshot.platform, {}, 'platform');
    if (snapshot.contentWords) fs.writeFileSync(path.join(work, 'platform', CONTENT_WORDS), snapshot.contentWords);
    const storage = new LocalStorage({ dir: path.join(work, 'storage') });
    for (const f of snapshot.files) storage.restore(f.cloudPath, f.bytes, f.meta);
    const trash = path.join(work, '.replaced');
    fs.mkdirSync(trash);
    for (const part of PARTS) {
      const current = path.join(dataDir, part);
      if (fs.existsSync(current)) fs.renameSync(current, path.join(trash, part));
    }
    for (const part of PARTS) fs.renameSync(path.join(work, part), path.join(dataDir, part));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// ---- where the HTTP endpoints may read and write ----

/** The real path of `p`, or of its nearest existing ancestor with the rest appended (symlinks resolved). */
function realish(p: string): string {
  const rest: string[] = [];
  let cur = path.resolve(p);
  while (!fs.existsSync(cur)) {
    rest.unshift(path.basename(cur));
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return path.join(fs.realpathSync(cur), ...rest);
}

const inside = (child: string, parent: string): boolean => child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);

/**
 * The folder an HTTP snapshot request names, resolved (relative to `roots[0]`), or a SnapshotError: it must lie
 * inside one of `roots` (symlinks resolved) and must not overlap the data dir.
 */
export function allowedSnapshotDir(dir: unknown, roots: string[], dataDir: string): string {
  if (typeof dir !== 'string' || dir.trim() === '') throw new SnapshotError('dir is required: the snapshot folder');
  const resolved = path.resolve(roots[0] ?? process.cwd(), dir);
  const real = realish(resolved);
  const allowed = roots.map(realish);
  if (!allowed.some((root) => inside(real, root))) {
    throw new SnapshotError(
      `${resolved} is outside the folders snapshots may use (${allowed.join(', ')}; the repo, the temp folder and the folders named on the command line)`,
    );
  }
  const data = realish(dataDir);
  if (inside(real, data) || inside(data, real)) throw new SnapshotError(`${resolved} overlaps the data dir ${data}`);
  return resolved;
}
