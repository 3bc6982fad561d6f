/** The weapp build passes WeChat's own compiler (miniprogram-ci), fully offline. */
import { spawnSync } from 'child_process';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');

it('is accepted by WeChat’s compiler, every package under 2 MB', () => {
  const res = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/check-weapp.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  const out = `${res.stdout}\n${res.stderr}`;
  const summary = out.split('\n').filter((l) => /WeChat compiler|package |OK:|FAIL:/.test(l));
  console.log(summary.join('\n'));
  expect(out).toContain('OK: WeChat compiler accepted the weapp build');
  expect(res.status).toBe(0);
}, 300_000);
