/**
 * The local runner's time limits as deployed: an invocation over its config.json timeout fails like WeChat's
 * (-504003); one slower than the 3 s a function created by miniprogram-ci gets is reported (threshold lowered here).
 */
import fs from 'fs';
import path from 'path';
import type { LocalSdk } from '../../cloudfunctions/local-cloud/sdk';
import { CallFunctionError, DEPLOYED_DEFAULT_TIMEOUT_MS, FunctionRunner, type SlowInvocation } from '../../cloudfunctions/local-cloud/runner';
import { tempDirs } from '../support/temp-dirs';

const freshDir = tempDirs('gk-runner-');

/** A function folder whose main waits `event.ms` before answering; its config.json allows 1 s. */
function slowpoke(): string {
  const root = freshDir();
  fs.mkdirSync(path.join(root, 'slowpoke'));
  fs.writeFileSync(
    path.join(root, 'slowpoke', 'index.js'),
    'exports.main = async (event) => { await new Promise((r) => setTimeout(r, event.ms)); return { ok: true, data: event.ms }; };\n',
  );
  fs.writeFileSync(path.join(root, 'slowpoke', 'config.json'), JSON.stringify({ timeout: 1, permissions: { openapi: [] } }));
  return root;
}

it('reports every invocation slower than the deployed default, with its action and its configured timeout', async () => {
  expect(DEPLOYED_DEFAULT_TIMEOUT_MS).toBe(3000);
  const seen: SlowInvocation[] = [];
  const runner = new FunctionRunner(slowpoke(), {} as LocalSdk, { slowMs: 100, onSlow: (s) => seen.push(s) });
  const who = { openid: 'o1', source: 'wx_client' as const };
  await expect(runner.invoke('slowpoke', { action: 'quick', ms: 5 }, who)).resolves.toEqual({ ok: true, data: 5 });
  expect(seen).toEqual([]);
  await runner.invoke('slowpoke', { action: 'dawdle', ms: 250 }, who);
  expect(seen).toEqual([{ name: 'slowpoke', action: 'dawdle', ms: expect.any(Number), configuredSeconds: 1 }]);
  expect(seen[0].ms).toBeGreaterThanOrEqual(240);
  expect(runner.slowInvocations()).toEqual(seen);
});

it('fails an invocation over its config.json timeout as WeChat does, and reports it too', async () => {
  const seen: SlowInvocation[] = [];
  const runner = new FunctionRunner(slowpoke(), {} as LocalSdk, { slowMs: 100, onSlow: (s) => seen.push(s) });
  const err = await runner.invoke('slowpoke', { action: 'stuck', ms: 1500 }, { openid: 'o1', source: 'wx_client' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CallFunctionError);
  expect(err).toMatchObject({ errCode: -504003 });
  expect(seen.map((s) => s.action)).toEqual(['stuck']);
});
