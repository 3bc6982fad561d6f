/**
 * `npm run db:setup [-- --dotenv FILE]`: what the WeChat Cloud database needs, and how to apply it.
 *
 * miniprogram-ci has no public database API (no collection, index or security-rule calls), so this prints the steps
 * for the cloud console in WeChat DevTools and writes the records to import into dist/db-setup/. It contacts nothing;
 * `--dry-run` is accepted and changes nothing.
 *
 * Prints: the collections (COLLECTIONS), the indexes (INDEXES), the security rules (database-rules.json, every
 * collection admin-only), the `config/community` record built from DEMO_COMMUNITY with the template ids and office
 * phone from the settings (the demo member list is NOT deployed: members join with invite codes), and the cloud
 * functions' environment variables (ADMIN_OPENIDS, MINIPROGRAM_STATE).
 */
import fs from 'fs';
import path from 'path';
import { DEMO_COMMUNITY } from '../cloudfunctions/local-cloud/demo-data';
import { rulesProblems } from './lib/deploy-checks';
import { collectionNames, communityRecord, indexPlan, readRules, RULES_FILE } from './lib/db-plan';
import { functionEnvironment, loadSettings } from './lib/env';

const ROOT = path.resolve(__dirname, '..');
/** A path relative to the repository when inside it. */
const shown = (p: string): string => (path.relative(ROOT, p).startsWith('..') ? p : path.relative(ROOT, p));
const OUT = path.join(ROOT, 'dist', 'db-setup');

/** JSON with one line per top-level field (and per element of a long array of objects): short enough to read. */
function compactJson(value: object): string {
  const fields = Object.entries(value).map(([k, v]) => {
    if (Array.isArray(v) && v.length > 4 && v.every((x) => typeof x === 'object' && x !== null)) {
      return `  ${JSON.stringify(k)}: [\n${v.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]`;
    }
    return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  });
  return `{\n${fields.join(',\n')}\n}`;
}

function main(): number {
  const argv = process.argv.slice(2);
  let envFile = path.join(ROOT, '.env');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dry-run') continue;
    if (argv[i] === '--dotenv') envFile = path.resolve(argv[++i] ?? '');
    else {
      console.error(`unknown option ${argv[i]} (options: --dry-run, --dotenv FILE)`);
      return 2;
    }
  }
  const { settings, fromFile } = loadSettings(envFile);
  const collections = collectionNames();
  const indexes = indexPlan();
  const rules = readRules(ROOT);
  const problems = rules.error ? [rules.error] : rulesProblems(rules.rules, collections);
  const { record, missing } = communityRecord(DEMO_COMMUNITY, settings);
  const env = functionEnvironment(settings);

  fs.mkdirSync(OUT, { recursive: true });
  // The console's import takes JSON Lines: one record per line.
  fs.writeFileSync(path.join(OUT, 'config.json'), `${JSON.stringify(record)}\n`);
  const rel = (p: string) => path.relative(ROOT, p);

  const out: string[] = [];
  const say = (s = '') => out.push(s);
  say('金钥匙 数据库设置 / database setup (WeChat Cloud)');
  say(`settings: ${fromFile ? shown(envFile) : 'no .env file'} + process environment`);
  say('miniprogram-ci has no public database API: apply the steps below in WeChat DevTools → 云开发 (cloud console).');
  say();
  say(`1. 创建集合 / create collections (数据库 → 集合名称旁的「+」), ${collections.length}:`);
  for (const c of collections) say(`     ${c}`);
  say();
  say('2. 安全规则 / security rules: for EACH collection → 数据权限 → 自定义安全规则 → paste and save:');
  say('     {"read": false, "write": false}');
  say(`   (${RULES_FILE} lists every collection. All access goes through cloud functions, which bypass the rules;`);
  say('    the mini-program itself can read or write nothing directly.)');
  say();
  say(`3. 索引 / indexes (collection → 索引管理 → 添加索引; 非唯一, every field 升序), ${indexes.length}:`);
  for (const ix of indexes) say(`     ${ix.collection.padEnd(13)} ${ix.name.padEnd(30)} ${ix.fields.map((f) => `${f} 升序`).join(', ')}`);
  say();
  say('4. 社区配置 / the config record: collection `config` → 导入 (import) the JSON Lines file');
  say(`     ${rel(path.join(OUT, 'config.json'))}`);
  say('   or 添加记录 with 文档 ID "community" and the fields below:');
  say('   NOTE: groups, rota, categories and compounds are the demo community (南河头) — edit them to match yours,');
  say('   here or later in the mini-program (管理 → 值班表 / 类别与设置). The demo MEMBER LIST IS NOT DEPLOYED:');
  say('   members join with invite codes (管理 → 邀请码).');
  for (const line of compactJson(record).split('\n')) say(`     ${line}`);
  if (missing.length > 0) say(`   ! not set yet (placeholders above): ${missing.join(', ')} — fill in .env and run db:setup again`);
  say();
  say('5. 云函数环境变量 / function environment variables: for EACH cloud function → 版本与配置 → 编辑 → 环境变量:');
  say(`     ADMIN_OPENIDS=${env.ADMIN_OPENIDS || '<ADMIN_OPENIDS not set: the openids of the first admins, comma-separated>'}`);
  say(`     MINIPROGRAM_STATE=${env.MINIPROGRAM_STATE}`);
  say('   An openid in ADMIN_OPENIDS is an admin in every function (how the first admin exists before any invite code).');
  say();
  if (problems.length > 0) {
    for (const p of problems) say(`FAIL: ${p}`);
    console.log(out.join('\n'));
    return 1;
  }
  say(`OK: ${collections.length} collections, ${indexes.length} indexes, rules for all; records written to ${rel(OUT)}/`);
  console.log(out.join('\n'));
  return 0;
}

process.exit(main());
