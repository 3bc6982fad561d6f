/**
 * Deployment settings: read from a `.env` file (simple KEY=VALUE lines, no dependency) and the process
 * environment; the process environment wins. `.env.example` documents the same list (a test keeps them in step).
 */
import fs from 'fs';

/** Every setting the deploy and db:setup scripts read, with its one-line meaning. */
export const SETTINGS = {
  WEAPP_APPID: '小程序 AppID (wx + 16 hex)',
  WEAPP_PRIVATE_KEY_PATH: 'upload private key file from 公众平台 → 开发管理 → 开发设置 → 小程序代码上传 (never commit it)',
  CLOUD_ENV_ID: 'cloud environment id (云开发控制台 → 设置 → 环境 ID)',
  TMPL_CASE_RESOLVED: 'subscription template id: 事项办结通知 (templates.caseResolved)',
  TMPL_CASE_PROGRESS: 'subscription template id: 事项进度通知 (templates.caseProgress)',
  TMPL_DUTY_ALERT: 'subscription template id: 新事项提醒 (templates.dutyAlert)',
  TMPL_FOLLOW_UP: 'subscription template id: 回访通知 (templates.followUp); optional: without it the 回访 reaches the message centre only',
  ADMIN_OPENIDS: "comma-separated openids of the first admins (the cloud functions' ADMIN_OPENIDS environment variable)",
  OFFICE_PHONE: "the community office's phone number",
  MINIPROGRAM_STATE: "developer | trial | formal: which version subscribeMessage.send opens (the cloud functions' environment variable)",
  VERSION: 'version number of the upload',
  DESC: 'description of the upload',
} as const;

export type SettingName = keyof typeof SETTINGS;
export type Settings = Partial<Record<SettingName, string>>;

/**
 * Parse KEY=VALUE lines: blank lines and `#` comments are skipped, an optional leading `export ` is allowed, values
 * may be wrapped in single or double quotes (kept verbatim inside), an unquoted value loses a trailing ` # comment`.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, '').trim();
    out[m[1]] = value;
  }
  return out;
}

/** The settings from `envFile` (if it exists) overlaid by `env`; empty strings count as unset. */
export function loadSettings(envFile: string, env: Record<string, string | undefined> = process.env): { settings: Settings; fromFile: boolean } {
  const fromFile = fs.existsSync(envFile);
  const file = fromFile ? parseEnvFile(fs.readFileSync(envFile, 'utf8')) : {};
  const settings: Settings = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const value = (env[name] ?? '').trim() || (file[name] ?? '').trim();
    if (value !== '') settings[name] = value;
  }
  return { settings, fromFile };
}

/**
 * The environment variables every deployed function reads (cloudfunctions/adapters/wx/deps.ts). miniprogram-ci
 * cannot set them: they are entered in the cloud console, per function.
 */
export function functionEnvironment(settings: Settings): Record<'ADMIN_OPENIDS' | 'MINIPROGRAM_STATE', string> {
  return { ADMIN_OPENIDS: adminOpenids(settings).join(','), MINIPROGRAM_STATE: settings.MINIPROGRAM_STATE ?? 'formal' };
}

/** ADMIN_OPENIDS split on commas, blanks dropped. */
export function adminOpenids(settings: Settings): string[] {
  return (settings.ADMIN_OPENIDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
