/**
 * Deploy 金钥匙 to WeChat: `npm run deploy [-- --dry-run] [-- --skip-build] [-- --dotenv FILE]`.
 *
 * Always: build (build:cloud, build:weapp with TARO_APP_CLOUD_ENV = CLOUD_ENV_ID), check every function folder under
 * the cloudfunctionRoot (exactly index.js/package.json/config.json; timeout ≤ 60 s; openapi permissions listed; at
 * most one timer trigger with a valid 7-field cron), compile the weapp offline with WeChat's compiler, check package
 * sizes, check database-rules.json, and print what would be uploaded.
 *
 *   --dry-run     stop there. Fully offline, needs no credentials (placeholder appid when WEAPP_APPID is unset);
 *                 every outbound connection of this process is refused. Exit 0 when every check passes.
 *   (no flag)     needs WEAPP_APPID, WEAPP_PRIVATE_KEY_PATH, CLOUD_ENV_ID; uploads each cloud function
 *                 (cloud.uploadFunction, remote npm install), creates its timer trigger, then uploads the mini-program.
 *   --skip-build  check the existing dist/ instead of rebuilding (a quick re-check).
 *   --dotenv F  read settings from F instead of .env (the process environment still wins).
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { functionNames } from './build-cloud';
import { checkFunctionFolder, openapiInBundle, packageSizeProblems, packageSizes, rulesProblems, type FunctionInfo } from './lib/deploy-checks';
import { collectionNames, indexPlan, readRules, RULES_FILE } from './lib/db-plan';
import { functionEnvironment, loadSettings, type Settings } from './lib/env';
import { guardNetwork } from './lib/offline';
import { privacyProblems, readDeclarations, scanWeapp } from './lib/privacy';
import { allPages, compileWeappOffline, COMPILE_SETTING, miniprogramCi, readAppJson } from './lib/weapp-compile';
import { kb, LIMITS, PLACEHOLDER_APPID } from './lib/wechat-limits';

const ROOT = path.resolve(__dirname, '..');
/** A path relative to the repository when inside it. */
const shown = (p: string): string => (path.relative(ROOT, p).startsWith('..') ? p : path.relative(ROOT, p));

interface Args {
  dryRun: boolean;
  skipBuild: boolean;
  envFile: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { dryRun: false, skipBuild: false, envFile: path.join(ROOT, '.env') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--dry-run') args.dryRun = true;
    else if (a === '--skip-build') args.skipBuild = true;
    else if (a === '--dotenv') args.envFile = path.resolve(argv[++i] ?? '');
    else throw new Error(`unknown option ${a} (options: --dry-run, --skip-build, --dotenv FILE)`);
  }
  return args;
}

/** Run an npm script quietly; on failure return its last lines. */
function npmRun(script: string, env: NodeJS.ProcessEnv): { ok: boolean; seconds: number; tail: string } {
  const started = Date.now();
  const res = spawnSync('npm', ['run', '--silent', script], {
    cwd: ROOT,
    env: { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const tail = `${res.stdout ?? ''}\n${res.stderr ?? ''}${res.error ? `\n${res.error.message}` : ''}`.trim().split('\n').slice(-30).join('\n');
  return { ok: res.status === 0, seconds: (Date.now() - started) / 1000, tail };
}

function settingProblems(settings: Settings, dryRun: boolean): string[] {
  const problems: string[] = [];
  if (settings.WEAPP_APPID && !/^wx[0-9a-f]{16}$/.test(settings.WEAPP_APPID))
    problems.push(`WEAPP_APPID "${settings.WEAPP_APPID}" is not an appid (wx + 16 hex digits)`);
  if (settings.MINIPROGRAM_STATE && !['developer', 'trial', 'formal'].includes(settings.MINIPROGRAM_STATE)) {
    problems.push(`MINIPROGRAM_STATE must be developer, trial or formal, got "${settings.MINIPROGRAM_STATE}"`);
  }
  if (!dryRun && settings.WEAPP_PRIVATE_KEY_PATH && !fs.existsSync(path.resolve(ROOT, settings.WEAPP_PRIVATE_KEY_PATH))) {
    problems.push(`WEAPP_PRIVATE_KEY_PATH: no file at ${settings.WEAPP_PRIVATE_KEY_PATH}`);
  }
  return problems;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const { settings, fromFile } = loadSettings(args.envFile);
  const network = args.dryRun ? guardNetwork() : null;
  const problems: string[] = [];
  const notes: string[] = [];

  console.log(`金钥匙 deploy${args.dryRun ? ' (dry run: offline, nothing is uploaded)' : ''}`);
  console.log(`settings: ${fromFile ? shown(args.envFile) : 'no .env file'} + process environment`);

  if (!args.dryRun) {
    const required = ['WEAPP_APPID', 'WEAPP_PRIVATE_KEY_PATH', 'CLOUD_ENV_ID'] as const;
    const missing = required.filter((k) => !settings[k]);
    if (missing.length > 0) {
      console.error(`缺少部署设置 / missing deploy settings: ${missing.join(', ')}`);
      console.error('请在 .env 或环境变量中填写（参见 .env.example）；只想检查请用 npm run deploy -- --dry-run');
      console.error('Set them in .env or the environment (see .env.example); to check without uploading use npm run deploy -- --dry-run');
      return 2;
    }
  }
  problems.push(...settingProblems(settings, args.dryRun));

  const appid = settings.WEAPP_APPID ?? PLACEHOLDER_APPID;
  const version = settings.VERSION ?? (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const desc = settings.DESC ?? `金钥匙 ${version}`;
  const cloudEnv = settings.CLOUD_ENV_ID ?? '';

  // 1. Build.
  if (args.skipBuild) console.log('build: skipped (--skip-build), checking the existing dist/');
  else {
    const cloud = npmRun('build:cloud', process.env);
    console.log(`build: npm run build:cloud ${cloud.ok ? 'ok' : 'FAILED'} (${cloud.seconds.toFixed(1)} s)`);
    if (!cloud.ok) problems.push(`npm run build:cloud failed:\n${cloud.tail}`);
    // A real deploy has CLOUD_ENV_ID (checked above) and builds as build:weapp:release does; a dry run may lack it.
    const weapp = npmRun('build:weapp', { ...process.env, TARO_APP_CLOUD_ENV: cloudEnv, NODE_ENV: 'production' });
    console.log(
      `build: npm run build:weapp ${weapp.ok ? 'ok' : 'FAILED'} (${weapp.seconds.toFixed(1)} s, TARO_APP_CLOUD_ENV=${cloudEnv === '' ? "'' (default environment)" : cloudEnv})`,
    );
    if (!weapp.ok) problems.push(`npm run build:weapp failed:\n${weapp.tail}`);
  }

  const projectConfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')) as { miniprogramRoot: string; cloudfunctionRoot: string };
  const weappDir = path.resolve(ROOT, projectConfig.miniprogramRoot);
  const cloudDir = path.resolve(ROOT, projectConfig.cloudfunctionRoot);

  // 2. Cloud functions.
  const functions: FunctionInfo[] = [];
  const bundleApis: Record<string, string[]> = {};
  if (!fs.existsSync(cloudDir)) problems.push(`${path.relative(ROOT, cloudDir)}/ is missing: run npm run build:cloud`);
  else {
    const folders = fs.readdirSync(cloudDir).sort();
    const expected = functionNames();
    for (const f of folders) {
      if (!fs.statSync(path.join(cloudDir, f)).isDirectory())
        problems.push(`${path.relative(ROOT, cloudDir)}/${f}: not a function folder (the root holds function folders only)`);
    }
    const dirs = folders.filter((f) => fs.statSync(path.join(cloudDir, f)).isDirectory());
    const notBuilt = expected.filter((n) => !dirs.includes(n));
    const stale = dirs.filter((n) => !expected.includes(n));
    if (notBuilt.length > 0) problems.push(`functions in cloudfunctions/functions but not in ${path.relative(ROOT, cloudDir)}/: ${notBuilt.join(', ')}`);
    if (stale.length > 0) problems.push(`folders in ${path.relative(ROOT, cloudDir)}/ with no source in cloudfunctions/functions: ${stale.join(', ')}`);
    for (const name of dirs) {
      const res = checkFunctionFolder(path.join(cloudDir, name));
      problems.push(...res.problems);
      functions.push(res.info);
      const indexJs = path.join(cloudDir, name, 'index.js');
      if (fs.existsSync(indexJs)) bundleApis[name] = openapiInBundle(fs.readFileSync(indexJs, 'utf8'));
    }
    if (dirs.length === 0) problems.push(`no cloud functions in ${path.relative(ROOT, cloudDir)}/`);
  }

  // 3. Mini-program: WeChat's compiler, offline, and package sizes.
  let packages: Record<string, number> | null = null;
  if (!fs.existsSync(path.join(weappDir, 'app.json'))) problems.push(`${path.relative(ROOT, weappDir)}/app.json is missing: run npm run build:weapp`);
  else {
    const app = readAppJson(weappDir);
    try {
      const compiled = await compileWeappOffline(weappDir, appid);
      const compiledFiles = Object.keys(compiled.files).length;
      const subRoots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root);
      packages = packageSizes(compiled.files, subRoots);
      const total = Object.values(packages).reduce((a, b) => a + b, 0);
      console.log(`WeChat compiler (miniprogram-ci getCompiledResult, offline): ${compiledFiles} files, ${kb(total)} in ${compiled.seconds.toFixed(1)} s`);
      problems.push(...packageSizeProblems(packages));
      const names = Object.keys(compiled.files).map((f) => f.replace(/^\/+/, ''));
      const missing = allPages(app).filter((p) => !names.some((f) => f.startsWith(`${p}.`)));
      if (missing.length > 0) problems.push(`pages missing from the compiled output: ${missing.join(', ')}`);
    } catch (err) {
      problems.push(`WeChat's compiler rejected the weapp build: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  // 4. The privacy guide: every privacy-scoped API the pages call is declared (else it fails with errno 112).
  const privacyUsed = fs.existsSync(weappDir) ? scanWeapp(weappDir) : new Map<string, string[]>();
  const declarations = readDeclarations(ROOT);
  problems.push(...privacyProblems(privacyUsed, declarations));

  // 5. Database security rules.
  const rules = readRules(ROOT);
  if (rules.error) problems.push(rules.error);
  else problems.push(...rulesProblems(rules.rules, collectionNames()));

  // Summary: exactly what would be uploaded.
  console.log('');
  console.log('Mini-program to upload (ci.upload):');
  console.log(`  appid        ${appid}${settings.WEAPP_APPID ? '' : ' (placeholder: WEAPP_APPID not set)'}`);
  console.log(`  version      ${version}`);
  console.log(`  description  ${desc}`);
  console.log(`  from         ${path.relative(ROOT, weappDir)}/ (setting ${JSON.stringify(COMPILE_SETTING)})`);
  if (packages) {
    const total = Object.values(packages).reduce((a, b) => a + b, 0);
    for (const [p, n] of Object.entries(packages)) {
      const limit = p === 'main' ? LIMITS.mainPackage : LIMITS.subPackage;
      console.log(`  package ${p.padEnd(14)} ${kb(n).padStart(10)}  (limit ${kb(limit)}) ${n <= limit ? 'ok' : 'OVER'}`);
    }
    console.log(`  ${'total'.padEnd(22)} ${kb(total).padStart(10)}  (limit ${kb(LIMITS.total)}) ${total <= LIMITS.total ? 'ok' : 'OVER'}`);
  }
  console.log('');
  console.log(
    `Cloud functions to upload (cloud.uploadFunction, remote npm install) to env ${cloudEnv || '<CLOUD_ENV_ID not set>'}, from ${path.relative(ROOT, cloudDir)}/:`,
  );
  const ungranted: string[] = [];
  for (const f of functions) {
    const trigger = f.trigger ? `${f.trigger.type} trigger "${f.trigger.name}" cron "${f.trigger.config}"` : 'no trigger';
    console.log(`  ${f.name.padEnd(10)} ${kb(f.bundleBytes).padStart(9)}  timeout ${f.timeout ?? '?'} s  openapi [${f.openapi.join(', ')}]  ${trigger}`);
    const extra = (bundleApis[f.name] ?? []).filter((api) => !f.openapi.includes(api));
    if (extra.length > 0) ungranted.push(`${f.name} (${extra.join(', ')})`);
  }
  if (ungranted.length > 0) {
    notes.push(
      `bundles hold shared openapi code their config.json does not grant — fine where the function never calls it, -604101 otherwise: ${ungranted.join('; ')}`,
    );
  }
  const fnEnv = functionEnvironment(settings);
  console.log('  then by hand, in 云开发控制台 → 云函数 → <name> → 版本与配置 (miniprogram-ci does not set these):');
  console.log(
    `    every function: environment variables ADMIN_OPENIDS=${fnEnv.ADMIN_OPENIDS || '<ADMIN_OPENIDS not set>'} MINIPROGRAM_STATE=${fnEnv.MINIPROGRAM_STATE}`,
  );
  console.log(
    `    timeout (a function created by miniprogram-ci gets 3 s until this is set): ${functions.map((f) => `${f.name} ${f.timeout ?? '?'} s`).join(', ')}`,
  );
  if (functions.some((f) => f.name === 'mediaCheck')) {
    console.log(
      '  and once, in 云开发控制台 → 设置 → 其他设置 → 消息推送 (photo check results): push mode 云函数, add: message type event, event wxa_media_check, this environment, function mediaCheck (README: 照片安全检查结果)',
    );
  }
  console.log('');
  console.log('Privacy guide (公众平台 → 设置 → 服务内容声明 → 用户隐私保护指引), from config/privacy.json:');
  for (const d of declarations) console.log(`  ${d.key.padEnd(12)} ${d.label}：${d.purpose}`);
  console.log(`  used by the build: ${[...privacyUsed].map(([api, files]) => `${api} (${files.join(', ')})`).join('; ') || 'none'}`);
  console.log('');
  console.log('Database (npm run db:setup prints the steps; applied in the cloud console):');
  console.log(`  collections  ${collectionNames().join(', ')}`);
  for (const ix of indexPlan()) console.log(`  index        ${ix.collection}.${ix.name} (${ix.fields.join(', ')})`);
  console.log(
    `  rules        ${RULES_FILE}: ${Object.keys((rules.rules as object | undefined) ?? {}).length} collections, each {"read": false, "write": false}`,
  );

  if (!settings.CLOUD_ENV_ID) notes.push('CLOUD_ENV_ID not set: the pages were built for the default cloud environment');
  const unset = (['TMPL_CASE_RESOLVED', 'TMPL_CASE_PROGRESS', 'TMPL_DUTY_ALERT', 'OFFICE_PHONE', 'ADMIN_OPENIDS'] as const).filter((k) => !settings[k]);
  if (unset.length > 0) notes.push(`not set (npm run db:setup and the function environment need them): ${unset.join(', ')}`);
  console.log('');
  for (const n of notes) console.log(`note: ${n}`);
  if (network)
    console.log(
      `network: ${network.blocked.length === 0 ? 'no outbound connection attempted' : `refused ${network.blocked.length} outbound attempt(s): ${[...new Set(network.blocked)].join(', ')}`}`,
    );

  if (problems.length > 0) {
    console.error('');
    console.error(`FAIL: ${problems.length} problem(s):`);
    for (const p of problems) console.error(`  - ${p}`);
    console.error(args.dryRun ? 'dry run: nothing uploaded' : 'nothing uploaded');
    return 1;
  }
  console.log('OK: all checks passed');
  if (args.dryRun) {
    console.log('dry run: nothing uploaded');
    return 0;
  }
  await upload({ appid, keyPath: path.resolve(ROOT, settings.WEAPP_PRIVATE_KEY_PATH as string), env: cloudEnv, version, desc, weappDir, cloudDir, functions });
  return 0;
}

/** The real upload: only reached with credentials and without --dry-run. */
async function upload(o: {
  appid: string;
  keyPath: string;
  env: string;
  version: string;
  desc: string;
  weappDir: string;
  cloudDir: string;
  functions: FunctionInfo[];
}): Promise<void> {
  const ci = miniprogramCi();
  const project = new ci.Project({ appid: o.appid, type: 'miniProgram', projectPath: o.weappDir, privateKeyPath: o.keyPath, ignores: ['node_modules/**/*'] });
  console.log('');
  for (const f of o.functions) {
    console.log(`uploading cloud function ${f.name} to ${o.env} …`);
    const res = await ci.cloud.uploadFunction({ project, env: o.env, name: f.name, path: path.join(o.cloudDir, f.name), remoteNpmInstall: true });
    console.log(`  ${f.name}: ${res.filesCount} files, ${kb(res.packSize)}`);
    if (f.trigger) {
      // miniprogram-ci answers a failure with a message instead of throwing (e.g. when the trigger already exists).
      const msg = await ci.cloud.createTimeTrigger({ project, envId: o.env, functionName: f.name, triggersConfig: [f.trigger] });
      console.log(
        `  trigger ${f.trigger.name}: ${msg}${msg === '创建定时触发器成功' ? '' : ' — check 云开发控制台 → 云函数 → 触发器 (an existing trigger is kept)'}`,
      );
    }
  }
  console.log(`uploading mini-program ${o.appid} version ${o.version} …`);
  const res = await ci.upload({ project, version: o.version, desc: o.desc, setting: COMPILE_SETTING, onProgressUpdate: () => undefined });
  for (const p of res.subPackageInfo ?? []) console.log(`  ${p.name}: ${kb(p.size)}`);
  console.log(`OK: uploaded. Set version ${o.version} as 体验版 or submit it for review in 公众平台 → 版本管理.`);
}

main()
  .then((code) => process.exit(code))
  .catch((err: unknown) => {
    console.error('FAIL:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
