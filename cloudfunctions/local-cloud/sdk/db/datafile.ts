/**
 * Reading a collection's datafile at load: what nedb's `Persistence.treatRawStreamAsync` does, faster.
 *
 * nedb replays its append-only file line by line: every line is one document version (`{_id, …}`), a removal
 * (`{$$deleted: true, _id}`) or an index declaration (`{$$indexCreated: …}` / `{$$indexRemoved: name}`); the last
 * version of each `_id` wins. Its own reader chains one promise per line and parses with a JSON reviver, which made
 * a store of tens of thousands of cases take many seconds to open. This reader gives the same result — same
 * documents, in the same order (an object keyed by `_id`, as nedb's), same index declarations, same corruption
 * count and threshold — with a plain JSON.parse and one pass that turns `{$$date: ms}` back into Dates.
 * NOTE: lines are split on "\n" only. nedb's byline splitter also splits on U+2028, U+2029 and U+0085, which
 * JSON.stringify leaves unescaped inside strings: a document whose text holds one of them was torn in two and
 * dropped as corrupt when the file was read back. Here it survives.
 */
import type { Readable } from 'node:stream';

/** What nedb's loader expects back (plus whether the file held nothing superseded). */
export interface TreatedData {
  data: Array<Record<string, unknown>>;
  indexes: Record<string, Record<string, unknown>>;
  /** True when every line is a live document or index declaration: rewriting the file would change nothing. */
  compact: boolean;
}

/** A stored value as a datafile line holds it: Dates as `{$$date: ms}` (a copy; the value is left untouched). */
function toDatafileValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') return { $$date: (value as Date).getTime() };
  if (Array.isArray(value)) return value.map(toDatafileValue);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = toDatafileValue((value as Record<string, unknown>)[key]);
  return out;
}

/**
 * One document as a datafile line: what nedb's model.serialize writes (a JSON replacer turning Dates into
 * `{$$date: ms}` and checking every key), without the replacer — several times faster. Stored documents were
 * checked when written, so their keys are not checked again.
 */
export function serializeDocument(document: unknown): string {
  return JSON.stringify(toDatafileValue(document));
}

/** `{$$date: ms}` → Date, everywhere in a parsed line (nedb's model.deserialize, without a reviver). */
export function reviveDates(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveDates(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  // nedb's reviver replaces any object holding a (truthy, once revived) $$date by that Date.
  if (Object.prototype.hasOwnProperty.call(record, '$$date')) return new Date(record.$$date as number);
  for (const key of Object.keys(record)) record[key] = reviveDates(record[key]);
  return record;
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** How a document line written by nedb starts when its `_id` is a string (nedb writes `_id` first). */
const ID_FIRST = Buffer.from('{"_id":"');

/** The `_id` of a line starting `{"_id":"<id>"` with no escape in the id, else undefined (the line is parsed). */
function leadingId(line: Buffer): string | undefined {
  if (line.length < ID_FIRST.length + 2 || line.compare(ID_FIRST, 0, ID_FIRST.length, 0, ID_FIRST.length) !== 0) return undefined;
  const end = line.indexOf(QUOTE, ID_FIRST.length);
  if (end < 0) return undefined;
  const backslash = line.indexOf(BACKSLASH, ID_FIRST.length);
  if (backslash >= 0 && backslash < end) return undefined;
  return end > ID_FIRST.length ? line.toString('utf8', ID_FIRST.length, end) : undefined;
}

/** Calls `line(bytes, offset)` for every "\n"-terminated line of the stream (and the unterminated tail), in order. */
function eachLine(stream: Readable, line: (bytes: Buffer, offset: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let rest: Buffer | null = null;
    let restOffset = 0;
    let offset = 0; // of the chunk's first byte in the file
    stream.on('data', (chunk: Buffer) => {
      let start = 0;
      let end = chunk.indexOf(NEWLINE);
      if (rest !== null) {
        if (end < 0) {
          rest = Buffer.concat([rest, chunk]);
          offset += chunk.length;
          return;
        }
        line(Buffer.concat([rest, chunk.subarray(0, end)]), restOffset);
        rest = null;
        start = end + 1;
        end = chunk.indexOf(NEWLINE, start);
      }
      for (; end >= 0; end = chunk.indexOf(NEWLINE, start)) {
        line(chunk.subarray(start, end), offset + start);
        start = end + 1;
      }
      if (start < chunk.length) {
        rest = Buffer.from(chunk.subarray(start));
        restOffset = offset + start;
      }
      offset += chunk.length;
    });
    stream.on('end', () => {
      if (rest !== null) line(rest, restOffset);
      resolve();
    });
    stream.on('error', reject);
  });
}

/**
 * Replays a datafile like nedb, parsing only the LAST version of each document: a store that ran for a while holds
 * several versions of most documents (every update appends one), and parsing them all was most of the start time.
 * First pass: a line starting `{"_id":"<id>"` only records its offset as that id's latest version (in nedb's key
 * order); any other line (a removal, an index declaration, an unusual id) is applied at once, as nedb applies it.
 * Second pass (the file again, from the page cache): only the latest versions are parsed. Nothing but offsets is
 * kept in between, so memory stays that of the documents. If a latest version turns out corrupt (a line torn by a
 * crash), nedb would fall back to the version before it: then the whole file is read again by `readDatafile`,
 * line by line, exactly as nedb does.
 * NOTE: corrupt lines that a later version of the same document supersedes are not parsed, so they do not count
 * towards nedb's corruptAlertThreshold (a refusal to open meant to catch a file that is not a datafile at all).
 */
export async function readDatafileLatest(open: () => Readable, corruptAlertThreshold: number): Promise<TreatedData> {
  const byId: Record<string, number | Record<string, unknown>> = {};
  const indexes: Record<string, Record<string, unknown>> = {};
  let corruptItems = 0;
  let dataLength = 0;
  await eachLine(open(), (line, offset) => {
    if (line.length === 0) return;
    dataLength++;
    const id = leadingId(line);
    if (id !== undefined) {
      byId[id] = offset;
      return;
    }
    try {
      const doc = reviveDates(JSON.parse(line.toString('utf8'))) as Record<string, unknown>;
      const created = doc.$$indexCreated as Record<string, unknown> | undefined;
      if (doc._id) {
        const key = String(doc._id);
        if (doc.$$deleted === true) delete byId[key];
        else byId[key] = doc;
      } else if (created && created.fieldName != null) indexes[String(created.fieldName)] = created;
      else if (typeof doc.$$indexRemoved === 'string') delete indexes[doc.$$indexRemoved];
    } catch {
      corruptItems += 1;
    }
  });
  if (dataLength > 0 && corruptItems / dataLength > corruptAlertThreshold) return readDatafile(open(), corruptAlertThreshold);
  const wanted = new Set<number>();
  for (const value of Object.values(byId)) if (typeof value === 'number') wanted.add(value);
  const parsed = new Map<number, Record<string, unknown>>();
  let torn = false;
  if (wanted.size > 0) {
    await eachLine(open(), (line, offset) => {
      if (torn || !wanted.has(offset)) return;
      try {
        parsed.set(offset, reviveDates(JSON.parse(line.toString('utf8'))) as Record<string, unknown>);
      } catch {
        torn = true;
      }
    });
  }
  // A torn latest version (or a file changed between the passes): read it all again, nedb's way.
  if (torn || parsed.size !== wanted.size) return readDatafile(open(), corruptAlertThreshold);
  const data = Object.values(byId).map((value) => (typeof value === 'number' ? (parsed.get(value) as Record<string, unknown>) : value));
  return { data, indexes, compact: corruptItems === 0 && dataLength === data.length + Object.keys(indexes).length };
}

/** Replays a datafile's lines as nedb does; rejects like nedb when more than `corruptAlertThreshold` is corrupt. */
export function readDatafile(stream: Readable, corruptAlertThreshold: number): Promise<TreatedData> {
  return new Promise((resolve, reject) => {
    const dataById: Record<string, Record<string, unknown>> = {};
    const indexes: Record<string, Record<string, unknown>> = {};
    let corruptItems = 0;
    let dataLength = 0;
    let rest = '';
    const treat = (line: string) => {
      if (line === '') return;
      dataLength++;
      try {
        const doc = reviveDates(JSON.parse(line)) as Record<string, unknown>;
        const created = doc.$$indexCreated as Record<string, unknown> | undefined;
        if (doc._id) {
          const id = String(doc._id);
          if (doc.$$deleted === true) delete dataById[id];
          else dataById[id] = doc;
        } else if (created && created.fieldName != null) indexes[String(created.fieldName)] = created;
        else if (typeof doc.$$indexRemoved === 'string') delete indexes[doc.$$indexRemoved];
      } catch {
        corruptItems += 1;
      }
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const text = rest + chunk;
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        treat(text.slice(start, end));
        start = end + 1;
      }
      rest = text.slice(start);
    });
    stream.on('end', () => {
      treat(rest);
      if (dataLength > 0) {
        const corruptionRate = corruptItems / dataLength;
        if (corruptionRate > corruptAlertThreshold) {
          const error = new Error(
            `${Math.floor(100 * corruptionRate)}% of the data file is corrupt, more than given corruptAlertThreshold (${Math.floor(100 * corruptAlertThreshold)}%). Cautiously refusing to start NeDB to prevent dataloss.`,
          );
          reject(Object.assign(error, { corruptionRate, corruptItems, dataLength }));
          return;
        }
      }
      const data = Object.values(dataById);
      resolve({ data, indexes, compact: corruptItems === 0 && dataLength === data.length + Object.keys(indexes).length });
    });
    stream.on('error', reject);
  });
}
