/**
 * `npm run build:weapp:release`: the mini-program for WeChat DevTools or upload, bound to its cloud environment.
 * Refuses to build without CLOUD_ENV_ID (from .env or the environment): `wx.cloud.init` needs `env`, and a build
 * without it would talk to whichever environment DevTools happens to pick.
 */
import { spawnSync } from 'child_process';
import path from 'path';
import { loadSettings } from './lib/env';

const ROOT = path.resolve(__dirname, '..');

function main(): number {
  const { settings } = loadSettings(path.join(ROOT, '.env'));
  const env = settings.CLOUD_ENV_ID;
  if (!env) {
    console.error('缺少 CLOUD_ENV_ID（云开发控制台 → 设置 → 环境 ID）：发布用的小程序必须指定云环境，没有构建。');
    console.error('CLOUD_ENV_ID is not set (.env or the environment): a release build must name its cloud environment; nothing built.');
    return 2;
  }
  console.log(`building dist/weapp for cloud environment ${env}`);
  const taro = require.resolve('@tarojs/cli/bin/taro');
  const res = spawnSync(process.execPath, [taro, 'build', '--type', 'weapp'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, TARO_APP_CLOUD_ENV: env, NODE_ENV: 'production' },
  });
  return res.status ?? 1;
}

process.exit(main());
