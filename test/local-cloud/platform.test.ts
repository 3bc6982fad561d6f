/** The WeChat platform emulation: subscription credits, field rules, permissions, per-call identity. */
import { LocalPlatform, WxApiError, fieldProblem } from '../../cloudfunctions/local-cloud/platform';
import { createLocalDatabase } from '../../cloudfunctions/local-cloud/sdk/database';
import { createLocalSdk, invocations } from '../../cloudfunctions/local-cloud/sdk';

const T = 'TMPL_DONE';
const good = {
  character_string1: { value: 'AB2345' },
  thing2: { value: '水电维修：水管爆裂' },
  phrase3: { value: '已办结' },
  time4: { value: '2026-11-26 10:05' },
};

async function platform() {
  const p = new LocalPlatform(createLocalDatabase({ dir: null }));
  await p.setup([{ id: T, title: '事项办结通知', keys: Object.keys(good) }]);
  return p;
}

const errCodeOf = (p: Promise<unknown>) =>
  p.then(
    () => 0,
    (e: WxApiError) => e.errCode,
  );

describe('field rules (47003)', () => {
  it.each([
    ['thing2', '一二三四五六七八九十一二三四五六七八九十', null],
    ['thing2', '一二三四五六七八九十一二三四五六七八九十一', 'thing'],
    ['phrase3', '已办结', null],
    ['phrase3', '已经办理完结', 'phrase'],
    ['phrase3', 'done', 'phrase'],
    ['character_string1', 'AB-12_3.x', null],
    ['character_string1', '中文', 'character_string'],
    ['number5', '12.5', null],
    ['phone_number6', '+86-13812345678', null],
    ['time4', '2026-11-26 10:05', null],
    ['time4', '2026年11月26日 10:05', null],
    ['time4', '明天上午', 'time'],
    ['name7', '王思瑛', null],
    ['thing2', '', 'empty'],
  ])('%s = %j → %s', (key, value, problem) => {
    const got = fieldProblem(key, value);
    if (problem === null) expect(got).toBeNull();
    else expect(got).toContain(problem);
  });
});

describe('subscribeMessage.send', () => {
  it('delivers one message per accepted subscription, and credits accumulate', async () => {
    const p = await platform();
    await p.answerSubscribe('u1', { [T]: 'accept' });
    await p.answerSubscribe('u1', { [T]: 'accept' });
    await p.answerSubscribe('u1', { [T]: 'reject' });
    expect(await p.credits('u1', T)).toBe(2);
    await p.send({ touser: 'u1', templateId: T, data: good });
    await p.send({ touser: 'u1', templateId: T, data: good });
    expect(await errCodeOf(p.send({ touser: 'u1', templateId: T, data: good }))).toBe(43101);
    expect(await p.outbox('u1')).toHaveLength(2);
  });

  it('answers 47003 for a field over its limit without using the credit', async () => {
    const p = await platform();
    await p.answerSubscribe('u1', { [T]: 'accept' });
    const long = { ...good, thing2: { value: '水'.repeat(21) } };
    expect(await errCodeOf(p.send({ touser: 'u1', templateId: T, data: long }))).toBe(47003);
    expect(await p.credits('u1', T)).toBe(1);
    expect(await p.outbox()).toHaveLength(0);
  });

  it('answers 40037 for an unknown template and 40003 without a user', async () => {
    const p = await platform();
    expect(await errCodeOf(p.send({ touser: 'u1', templateId: 'nope', data: good }))).toBe(40037);
    expect(await errCodeOf(p.send({ templateId: T, data: good }))).toBe(40003);
  });
});

describe('local wx-server-sdk', () => {
  it('refuses an openapi call the function’s config.json does not grant (-604101)', async () => {
    const db = createLocalDatabase({ dir: null });
    const sdk = createLocalSdk({ db, platform: await platform() });
    const call = (perms: string[]) =>
      invocations.run({ openid: 'u1', source: 'wx_client', functionName: 'f', openapiPermissions: perms }, () =>
        sdk.openapi.subscribeMessage.send({ touser: 'u1', templateId: T, data: good }),
      );
    expect(await errCodeOf(call([]))).toBe(-604101);
    expect(await errCodeOf(call(['subscribeMessage.send']))).toBe(43101);
  });

  it('gives each concurrent invocation its own OPENID', async () => {
    const sdk = createLocalSdk({ db: createLocalDatabase({ dir: null }), platform: await platform() });
    const seen = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        invocations.run({ openid: `u${i}`, source: 'wx_client', functionName: 'f', openapiPermissions: [] }, async () => {
          await new Promise((r) => setTimeout(r, 20 - i));
          return sdk.getWXContext().OPENID;
        }),
      ),
    );
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`));
  });

  it('has no identity outside an invocation', () => {
    const sdk = createLocalSdk({ db: createLocalDatabase({ dir: null }), platform: new LocalPlatform(createLocalDatabase({ dir: null })) });
    expect(() => sdk.getWXContext()).toThrow('outside a function invocation');
  });
});
