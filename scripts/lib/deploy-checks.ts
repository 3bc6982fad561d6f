/**
 * Pure checks behind `npm run deploy`: a deployed function folder, its config.json (timeout, openapi permissions,
 * timer trigger with a 7-field cron), package sizes, and the database security rules file. Each returns the list
 * of problems (empty = fine) so the script can report every problem at once.
 */
import fs from 'fs';
import path from 'path';
import { FUNCTION_FILES, LIMITS, kb } from './wechat-limits';

// ---------------------------------------------------------------------------------------------------------------
// Timer trigger cron: 7 fields, second minute hour day-of-month month day-of-week year, Beijing time.

const CRON_FIELDS: Array<{ name: string; min: number; max: number; names?: string[] }> = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'day-of-week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2099 },
];

/** Problems with a timer trigger's cron expression (empty when valid). Supports `* , - /` and month/day names. */
export function cronProblems(expr: string): string[] {
  const fields = expr
    .trim()
    .split(/\s+/)
    .filter((f) => f !== '');
  if (fields.length !== 7) {
    return [`cron "${expr}" has ${fields.length} fields; WeChat timer triggers need 7 (second minute hour day month weekday year)`];
  }
  const problems: string[] = [];
  fields.forEach((field, i) => {
    const spec = CRON_FIELDS[i];
    const value = (s: string): number | null => {
      if (/^\d+$/.test(s)) return Number(s);
      const idx = spec.names?.indexOf(s.toUpperCase()) ?? -1;
      if (idx < 0) return null;
      return spec.name === 'month' ? idx + 1 : idx;
    };
    for (const token of field.split(',')) {
      const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(token);
      if (!m) {
        problems.push(`cron "${expr}": ${spec.name} field "${field}" is not valid`);
        return;
      }
      if (m[2] !== undefined && Number(m[2]) < 1) problems.push(`cron "${expr}": ${spec.name} step must be ≥ 1`);
      if (m[1] === '*') continue;
      const [a, b] = m[1].split('-');
      const lo = value(a);
      const hi = b === undefined ? lo : value(b);
      if (lo === null || hi === null || lo < spec.min || hi > spec.max || lo > spec.max || hi < spec.min) {
        problems.push(`cron "${expr}": ${spec.name} "${token}" is outside ${spec.min}-${spec.max}`);
        return;
      }
      if (lo > hi) problems.push(`cron "${expr}": ${spec.name} range "${token}" runs backwards`);
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Cloud functions.

export interface Trigger {
  name: string;
  type: string;
  config: string;
}

/** What the summary prints about one function. */
export interface FunctionInfo {
  name: string;
  bundleBytes: number;
  timeout: number | null;
  openapi: string[];
  trigger: Trigger | null;
}

const readJson = (file: string): { value?: unknown; error?: string } => {
  try {
    return { value: JSON.parse(fs.readFileSync(file, 'utf8')) as unknown };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems with a function's config.json content; `info` carries what was understood of it. */
export function functionConfigProblems(
  name: string,
  config: unknown,
): { problems: string[]; timeout: number | null; openapi: string[]; trigger: Trigger | null } {
  const problems: string[] = [];
  const where = `${name}/config.json`;
  if (!isObject(config)) return { problems: [`${where}: not a JSON object`], timeout: null, openapi: [], trigger: null };

  let timeout: number | null = null;
  if (config.timeout === undefined) problems.push(`${where}: no "timeout" (WeChat's default is 3 s; set it explicitly)`);
  else if (typeof config.timeout !== 'number' || !Number.isInteger(config.timeout) || config.timeout < 1) {
    problems.push(`${where}: "timeout" must be a whole number of seconds ≥ 1, got ${JSON.stringify(config.timeout)}`);
  } else {
    timeout = config.timeout;
    if (timeout > LIMITS.functionTimeout) problems.push(`${where}: timeout ${timeout} s is over WeChat's ${LIMITS.functionTimeout} s maximum`);
  }

  let openapi: string[] = [];
  const perms = config.permissions;
  if (!isObject(perms) || !Array.isArray(perms.openapi)) {
    problems.push(`${where}: "permissions.openapi" must list the openapi calls the function makes ([] if none)`);
  } else {
    openapi = perms.openapi.map(String);
    for (const p of perms.openapi) {
      if (typeof p !== 'string' || !/^[A-Za-z]+(\.[A-Za-z]+)+$/.test(p))
        problems.push(`${where}: openapi permission ${JSON.stringify(p)} is not of the form "namespace.method"`);
    }
  }

  let trigger: Trigger | null = null;
  if (config.triggers !== undefined) {
    if (!Array.isArray(config.triggers)) problems.push(`${where}: "triggers" must be an array`);
    else {
      if (config.triggers.length > LIMITS.triggersPerFunction) {
        problems.push(`${where}: ${config.triggers.length} triggers; WeChat allows ${LIMITS.triggersPerFunction} per function`);
      }
      config.triggers.forEach((t: unknown, i: number) => {
        if (!isObject(t)) {
          problems.push(`${where}: triggers[${i}] is not an object`);
          return;
        }
        if (typeof t.name !== 'string' || !/^[A-Za-z0-9_-]{1,60}$/.test(t.name))
          problems.push(`${where}: triggers[${i}].name must be 1-60 letters, digits, - or _`);
        if (t.type !== 'timer') problems.push(`${where}: triggers[${i}].type must be "timer", got ${JSON.stringify(t.type)}`);
        if (typeof t.config !== 'string') problems.push(`${where}: triggers[${i}].config must be a cron string`);
        else for (const p of cronProblems(t.config)) problems.push(`${where}: triggers[${i}]: ${p}`);
        if (i === 0) trigger = { name: String(t.name), type: String(t.type), config: String(t.config) };
      });
    }
  }
  return { problems, timeout, openapi, trigger };
}

/** Check one deployed function folder: exactly the three files, a sane package.json, a valid config.json. */
export function checkFunctionFolder(dir: string): { problems: string[]; info: FunctionInfo } {
  const name = path.basename(dir);
  const problems: string[] = [];
  const info: FunctionInfo = { name, bundleBytes: 0, timeout: null, openapi: [], trigger: null };
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,59}$/.test(name))
    problems.push(`function name "${name}" must start with a letter and hold only letters, digits, - or _ (≤ 60)`);

  const entries = fs.readdirSync(dir).sort();
  const expected = [...FUNCTION_FILES];
  const extra = entries.filter((e) => !(expected as string[]).includes(e));
  const missing = expected.filter((e) => !entries.includes(e));
  if (extra.length > 0) problems.push(`${name}/: unexpected ${extra.map((e) => `"${e}"`).join(', ')} (a deployed folder holds exactly ${expected.join(', ')})`);
  if (missing.length > 0) problems.push(`${name}/: missing ${missing.join(', ')}`);
  for (const f of expected) {
    const p = path.join(dir, f);
    if (entries.includes(f) && !fs.statSync(p).isFile()) problems.push(`${name}/${f} is not a file`);
  }

  const indexJs = path.join(dir, 'index.js');
  if (fs.existsSync(indexJs) && fs.statSync(indexJs).isFile()) info.bundleBytes = fs.statSync(indexJs).size;

  const pkgFile = path.join(dir, 'package.json');
  if (fs.existsSync(pkgFile) && fs.statSync(pkgFile).isFile()) {
    const pkg = readJson(pkgFile);
    if (pkg.error) problems.push(`${name}/package.json is not valid JSON: ${pkg.error}`);
    else if (!isObject(pkg.value)) problems.push(`${name}/package.json is not a JSON object`);
    else {
      const deps = isObject(pkg.value.dependencies) ? pkg.value.dependencies : {};
      if (!('wx-server-sdk' in deps)) problems.push(`${name}/package.json: dependencies lack wx-server-sdk (installed in the cloud)`);
      if (pkg.value.main !== undefined && pkg.value.main !== 'index.js')
        problems.push(`${name}/package.json: "main" must be index.js, got ${JSON.stringify(pkg.value.main)}`);
    }
  }

  const configFile = path.join(dir, 'config.json');
  if (fs.existsSync(configFile) && fs.statSync(configFile).isFile()) {
    const config = readJson(configFile);
    if (config.error) problems.push(`${name}/config.json is not valid JSON: ${config.error}`);
    else {
      const res = functionConfigProblems(name, config.value);
      problems.push(...res.problems);
      info.timeout = res.timeout;
      info.openapi = res.openapi;
      info.trigger = res.trigger;
    }
  }
  return { problems, info };
}

/**
 * openapi calls whose code is present in a bundle. Informational only: every bundle shares the adapter module, so
 * presence does not mean the function calls it.
 */
export function openapiInBundle(code: string): string[] {
  const patterns: Record<string, RegExp> = {
    'subscribeMessage.send': /subscribeMessage\.send\b/,
    'security.msgSecCheck': /\.msgSecCheck\b/,
    'security.imgSecCheck': /\.imgSecCheck\b/,
    'security.mediaCheckAsync': /\.mediaCheckAsync\b/,
    'wxacode.getUnlimited': /\.getUnlimited\b/,
    'urlscheme.generate': /urlscheme\.generate\b/,
  };
  return Object.entries(patterns)
    .filter(([, re]) => re.test(code))
    .map(([api]) => api);
}

// ---------------------------------------------------------------------------------------------------------------
// Mini-program packages.

/** Sizes per package ("main" and each subpackage root with a trailing slash) from a compiled file map. */
export function packageSizes(files: Record<string, number>, subRoots: string[]): Record<string, number> {
  const roots = subRoots.map((r) => r.replace(/^\/+/, '').replace(/\/?$/, '/'));
  const packages: Record<string, number> = { main: 0 };
  for (const r of roots) packages[r] = 0;
  for (const [name, size] of Object.entries(files)) {
    const rel = name.replace(/^\/+/, '');
    const root = roots.find((r) => rel.startsWith(r));
    packages[root ?? 'main'] += size;
  }
  return packages;
}

/** Problems with package sizes against WeChat's limits. */
export function packageSizeProblems(packages: Record<string, number>): string[] {
  const problems: string[] = [];
  for (const [p, n] of Object.entries(packages)) {
    const limit = p === 'main' ? LIMITS.mainPackage : LIMITS.subPackage;
    if (n > limit) problems.push(`package ${p} is ${kb(n)}, over WeChat's ${kb(limit)} limit`);
  }
  const total = Object.values(packages).reduce((a, b) => a + b, 0);
  if (total > LIMITS.total) problems.push(`all packages together are ${kb(total)}, over the ${kb(LIMITS.total)} limit`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Database security rules.

/** Problems with the rules file: every collection present and admin-only (read false, write false). */
export function rulesProblems(rules: unknown, collections: string[]): string[] {
  if (!isObject(rules)) return ['database-rules.json must be a JSON object mapping each collection to its rule'];
  const problems: string[] = [];
  for (const c of collections) if (!(c in rules)) problems.push(`database-rules.json: no rule for collection "${c}"`);
  for (const [c, rule] of Object.entries(rules)) {
    if (!isObject(rule) || rule.read !== false || rule.write !== false || Object.keys(rule).length !== 2) {
      problems.push(
        `database-rules.json: "${c}" must be exactly {"read": false, "write": false} (all access goes through cloud functions), got ${JSON.stringify(rule)}`,
      );
    }
  }
  return problems;
}
