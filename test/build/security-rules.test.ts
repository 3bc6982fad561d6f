/**
 * database-rules.json (repository root): valid JSON, an entry for every collection the code uses, and every entry
 * admin-only ({"read": false, "write": false}) — all access goes through cloud functions, which bypass the rules.
 *
 * Collections are discovered from the code, not only from COLLECTIONS: every `COLLECTIONS.<key>` (or
 * `COLLECTIONS['<key>']`) use and every `.collection('<literal>')` call in cloudfunctions/**\/*.ts.
 *
 * Excluded: the local cloud's emulated WeChat platform keeps its own state in collections of the local store —
 * `templates` (the account's subscription templates), `credits` (WeChat's per-user subscription quota) and `outbox`
 * (messages "delivered" by WeChat). They stand for WeChat's side and never exist in a deployed database. The
 * exclusion is by name AND place: those literals are only accepted under cloudfunctions/local-cloud/; the same name
 * anywhere else, or any other literal in local-cloud, must have a rule.
 */
import fs from 'fs';
import path from 'path';
import { COLLECTIONS } from '../../cloudfunctions/adapters/wx/collections';

const ROOT = path.resolve(__dirname, '../..');
const CLOUDFUNCTIONS = path.join(ROOT, 'cloudfunctions');
const LOCAL_CLOUD = path.join(CLOUDFUNCTIONS, 'local-cloud');
const RULES_FILE = path.join(ROOT, 'database-rules.json');

/** The local cloud's platform-internal collections (see the header). */
const LOCAL_PLATFORM_COLLECTIONS = ['templates', 'credits', 'outbox'];

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

interface Use {
  collection: string;
  file: string;
  how: string;
}

function discover(): { keyUses: Use[]; unknownKeys: Use[]; literals: Use[] } {
  const byKey = COLLECTIONS as Record<string, string>;
  const keyUses: Use[] = [];
  const unknownKeys: Use[] = [];
  const literals: Use[] = [];
  for (const file of tsFiles(CLOUDFUNCTIONS)) {
    const code = fs.readFileSync(file, 'utf8');
    const rel = path.relative(ROOT, file);
    for (const m of code.matchAll(/\bCOLLECTIONS\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*['"`]([^'"`]+)['"`]\s*\])/g)) {
      const key = m[1] ?? m[2];
      const use = { collection: byKey[key], file: rel, how: `COLLECTIONS.${key}` };
      if (Object.prototype.hasOwnProperty.call(byKey, key)) keyUses.push(use);
      else unknownKeys.push(use);
    }
    for (const m of code.matchAll(/\.collection\(\s*(['"`])([^'"`$]+)\1\s*\)/g)) {
      literals.push({ collection: m[2], file: rel, how: `.collection('${m[2]}')` });
    }
  }
  return { keyUses, unknownKeys, literals };
}

const rulesText = fs.readFileSync(RULES_FILE, 'utf8');
const parsed = ((): unknown => {
  try {
    return JSON.parse(rulesText) as unknown;
  } catch {
    return undefined;
  }
})();
const rules = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
const found = discover();

describe('database-rules.json', () => {
  it('is valid JSON: an object mapping collection names to rules', () => {
    expect(() => JSON.parse(rulesText)).not.toThrow();
    expect(typeof parsed).toBe('object');
    expect(Array.isArray(parsed)).toBe(false);
    expect(Object.keys(rules).length).toBeGreaterThan(0);
  });

  it('makes every collection admin-only: exactly {"read": false, "write": false}', () => {
    for (const [name, rule] of Object.entries(rules)) expect({ name, rule }).toEqual({ name, rule: { read: false, write: false } });
  });

  it('discovery sees the code (sanity check of the scan itself)', () => {
    expect(found.keyUses.length).toBeGreaterThan(5);
    expect(found.keyUses.map((u) => u.collection)).toEqual(expect.arrayContaining(['users', 'cases', 'config']));
    expect(found.literals.map((u) => u.collection)).toEqual(expect.arrayContaining(LOCAL_PLATFORM_COLLECTIONS));
  });

  it('COLLECTIONS.<key> uses name only keys that exist', () => {
    expect(found.unknownKeys).toEqual([]);
  });

  it('has a rule for every collection in COLLECTIONS (db:setup creates them all)', () => {
    const missing = Object.values(COLLECTIONS).filter((c) => !(c in rules));
    expect(missing).toEqual([]);
  });

  it('has a rule for every collection the code uses through COLLECTIONS', () => {
    const missing = found.keyUses.filter((u) => !(u.collection in rules));
    expect(missing).toEqual([]);
  });

  it("has a rule for every .collection('<name>') literal, but the local cloud's own platform collections", () => {
    const missing = found.literals.filter((u) => {
      if (u.collection in rules) return false;
      const inLocalCloud = path.join(ROOT, u.file).startsWith(LOCAL_CLOUD + path.sep);
      return !(inLocalCloud && LOCAL_PLATFORM_COLLECTIONS.includes(u.collection));
    });
    expect(missing).toEqual([]);
  });

  it('lists no collection the code does not use (no stale or platform-internal entries)', () => {
    const used = new Set<string>([...Object.values(COLLECTIONS), ...found.keyUses.map((u) => u.collection), ...found.literals.map((u) => u.collection)]);
    const stale = Object.keys(rules).filter((c) => !used.has(c) || LOCAL_PLATFORM_COLLECTIONS.includes(c));
    expect(stale).toEqual([]);
  });
});
