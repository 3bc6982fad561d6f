/**
 * Reporting by voice in the compiled mini-program (dist/weapp), on the modelled WeChat recorder (test/support/weapp-wx.ts):
 * 李大伯 holds 「按住 说话」 (touchstart … touchend), the recorder starts with the settings of services/voice.weapp.ts —
 * which the model checks against WeChat's documented ranges — the mp3 goes into his own voices/ folder, he hears it
 * back through an InnerAudioContext and files the report without a word. A refused microphone says so; the typed
 * words still work.
 */
import type { CaseView } from '../../types/domain';
import { launchWeapp, type Weapp } from '../support/weapp-harness';
import { cloudForFile, DEMO, ok } from '../support/local-cloud';
import { WX_ALLOWED } from './wx-allow-list';

/** services/voice.weapp.ts RECORDER_OPTIONS (its comment says why these values). */
const RECORDER_OPTIONS = { duration: 60000, sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 24000, format: 'mp3' };

const cloud = cloudForFile({ now: '2026-11-27T10:00:00+08:00', timers: false });

let app: Weapp | undefined;
afterEach(() => app?.close());

it('hold → the seconds count → let go → 录好了, 已传好 → 听一遍 → 提交: a voice-only case', async () => {
  app = await launchWeapp({ allowed: WX_ALLOWED, cloudUrl: cloud.url, openid: DEMO.li, path: 'pages/report/index' });
  const form = app.page;
  await form.waitForText('水电维修');
  await form.tap('水电维修');
  await form.touch('touchstart', '按住 说话');
  await form.waitForText('松开 结束');
  await new Promise((r) => setTimeout(r, 2300));
  await form.waitForText('松开 结束　2秒');
  await form.touch('touchend', '松开 结束');
  await form.waitForText('录好了 2秒　已传好');

  const start = app.log.calls.find((c) => c.api === 'RecorderManager.start')!;
  expect(start.args).toEqual(RECORDER_OPTIONS);
  const upload = app.log.calls.find((c) => c.api === 'cloud.uploadFile')!.args as { cloudPath: string };
  expect(upload.cloudPath).toMatch(new RegExp(`^voices/${DEMO.li}/\\d{8}-[0-9a-f]{16}\\.mp3$`));

  await form.tap('▶ 听一遍');
  await form.waitForText('▶ 听一遍'); // played to the end
  expect(app.log.calls.filter((c) => c.api === 'InnerAudioContext.play')).toHaveLength(1);

  await form.tap('提交');
  const casePage = await app.waitForPage('pages/case/index', 15_000);
  await casePage.waitForText('▶ 听语音（2秒）');
  expect({ errors: app.errors, notAllowed: app.log.notAllowed }).toEqual({ errors: [], notAllowed: [] });
  const filed = ok(await cloud.call<CaseView>('cases', 'get', { caseId: casePage.query.id }, DEMO.li));
  expect(filed.voice).toMatchObject({ seconds: 2, note: '正在做安全检查，通过后处理的人才能听' });
  // The recorded minute's size at these settings, as the model makes it (encodeBitRate / 8 a second): computed.
  expect((RECORDER_OPTIONS.encodeBitRate / 8) * 60).toBe(180_000);
});

it('a refused microphone says so in words; the typed description still files the report', async () => {
  app = await launchWeapp({ allowed: WX_ALLOWED, cloudUrl: cloud.url, openid: DEMO.zhang, path: 'pages/report/index', microphone: 'deny' });
  const form = app.page;
  await form.waitForText('水电维修');
  await form.tap('水电维修');
  await form.touch('touchstart', '按住 说话');
  await form.waitForText('没有打开麦克风，不能录音。您可以直接打字写下来。');
  await form.touch('touchend', '按住 说话');
  await form.type('请说说是什么事', '楼道灯坏了好几天了');
  await form.tap('提交');
  const casePage = await app.waitForPage('pages/case/index', 15_000);
  await casePage.waitForText('楼道灯坏了好几天了');
  expect({ errors: app.errors, notAllowed: app.log.notAllowed }).toEqual({ errors: [], notAllowed: [] });
});
