/**
 * The `wx` object the weapp harness (weapp-harness.ts) gives the compiled mini-program: our model of WeChat's client
 * API, after its documentation (developers.weixin.qq.com/miniprogram/dev/api/). Only the APIs in the test's
 * allow-list (each must be one modelled below) do anything; every other WeChat API name is there too (Taro wraps whatever `wx`
 * lists at start-up), but a call to one is logged in `notAllowed` and fails, so a test sees any new platform
 * dependency at once.
 *
 * Cloud calls go to a real local cloud (cloudfunctions/local-cloud/server.ts) as the chosen openid, the way
 * test/support/local-cloud.ts does; photos go into its storage as the H5 build's upload does (src/services/upload.h5.ts).
 */
import fs from 'fs';
import path from 'path';
import { randomUUID } from 'crypto';

/** APIs WeChat holds until the person agrees to the privacy guide (用户隐私保护指引): photos, the clipboard, the microphone. */
const PRIVACY_SCOPED = ['chooseMedia', 'chooseImage', 'setClipboardData', 'getClipboardData', 'getRecorderManager'];

/**
 * RecorderManager.start's encodeBitRate ranges per sampleRate (WeChat's documentation of RecorderManager.start): a
 * value outside its range fails the start.
 */
export const RECORDER_BIT_RATES: Record<number, [number, number]> = {
  8000: [16000, 48000],
  11025: [16000, 48000],
  12000: [24000, 64000],
  16000: [24000, 96000],
  22050: [32000, 128000],
  24000: [32000, 128000],
  32000: [48000, 192000],
  44100: [64000, 320000],
  48000: [64000, 320000],
};

/** A failure as WeChat reports one: `errMsg` is `<api>:fail <reason>`. */
export interface WxError {
  errCode?: number;
  errMsg: string;
}

export interface WxCall {
  api: string;
  args: unknown;
  /** Made synchronously inside a tap handler (what requestSubscribeMessage needs). */
  inTap: boolean;
}

export interface WxOptions {
  /** The test's allow-list: the only APIs that work. */
  allowed: readonly string[];
  cloudUrl: string;
  openid: string;
  /** What getAppBaseInfo reports for WeChat's font size setting (1 standard). */
  fontSizeScaleFactor: number;
  /** The user's answer to every subscribe prompt. */
  subscribeAnswer: 'accept' | 'reject';
  /** Return an error to make this cloud function call fail the way WeChat's callFunction fails. */
  callFunctionFails?: (name: string, data: unknown) => WxError | undefined;
  /** The person agreed to the privacy guide earlier (then no privacy question is ever asked). */
  privacyAgreed: boolean;
  /** The microphone (scope.record): 'deny' fails every recording as WeChat does when the person refused it. */
  microphone?: 'allow' | 'deny';
  /** True while a tap handler runs synchronously. */
  inTap(): boolean;
  /** An agreePrivacyAuthorization button with this id was tapped (WeChat checks it before an agree counts). */
  agreeTapped(buttonId: string): boolean;
  /** The page stack (navigateTo …); resolves, or rejects with the errMsg. */
  route(api: 'navigateTo' | 'redirectTo' | 'reLaunch' | 'navigateBack', args: { url?: string; delta?: number }): Promise<void>;
  /** Copies a value into the app's realm (as WeChat's bridge serialises everything it hands over). */
  toApp<T>(value: T): T;
  /** The app realm's Promise, for APIs called without callbacks. */
  AppPromise: PromiseConstructor;
}

export interface WxLog {
  calls: WxCall[];
  /** Calls (and reads) of WeChat APIs outside ALLOWED. */
  notAllowed: string[];
}

/** Every WeChat API name Taro's weapp runtime knows (its promisified lists) plus the synchronous ones apps use. */
function wechatApiNames(): string[] {
  const root = path.resolve(__dirname, '../../node_modules/@tarojs');
  const names = new Set<string>(['getSystemInfoSync', 'getWindowInfo', 'getDeviceInfo', 'getSystemSetting', 'getStorageSync', 'setStorageSync']);
  ['getLaunchOptionsSync', 'getEnterOptionsSync', 'getAccountInfoSync', 'canIUse', 'createSelectorQuery', 'nextTick'].forEach((n) => names.add(n));
  ['onAppShow', 'onAppHide', 'onError', 'onUnhandledRejection', 'onNeedPrivacyAuthorization', 'getMenuButtonBoundingClientRect'].forEach((n) => names.add(n));
  for (const file of ['shared/dist/index.cjs.js', 'plugin-platform-weapp/dist/runtime-utils.js']) {
    const list = /needPromiseApis = new Set\(\[([^\]]+)\]/.exec(fs.readFileSync(path.join(root, file), 'utf8'));
    if (!list) throw new Error(`weapp-wx: no API list found in @tarojs/${file} (Taro changed: update wechatApiNames)`);
    for (const m of list[1].matchAll(/'(\w+)'/g)) names.add(m[1]);
  }
  return [...names];
}

/** A small JPEG as the camera would give (only its first bytes matter: the local storage checks them). */
const PHOTO = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7), Buffer.from([0xff, 0xd9])]);

export function createWx(opts: WxOptions): { wx: Record<string, unknown>; log: WxLog } {
  const log: WxLog = { calls: [], notAllowed: [] };
  /** The phone's temporary files: path → bytes. */
  const files = new Map<string, Buffer>();
  let fileNo = 0;
  const tempFile = (bytes: Buffer, ext = 'jpg') => {
    const p = `http://tmp/${++fileNo}-${randomUUID().slice(0, 8)}.${ext}`;
    files.set(p, bytes);
    return p;
  };

  // The privacy question (wx.onNeedPrivacyAuthorization): a privacy-scoped call waits for the app's answer.
  let agreed = opts.privacyAgreed;
  let askPrivacy: ((resolve: (a: { event: string; buttonId?: string }) => void, info: unknown) => void) | null = null;
  const consent = (api: string) =>
    new Promise<void>((resolve, reject) => {
      if (agreed || !PRIVACY_SCOPED.includes(api) || !askPrivacy) return resolve(); // no listener: WeChat's own pop-up
      askPrivacy(
        (answer) => {
          if (answer.event === 'exposureAuthorization') return;
          agreed = answer.event === 'agree' && opts.agreeTapped(String(answer.buttonId));
          if (agreed) resolve();
          else reject({ errno: 104, errMsg: `${api}:fail privacy permission is not authorized` });
        },
        opts.toApp({ referrer: api }),
      );
    });

  type Options = { success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void } & Record<string, unknown>;
  /** An async WeChat API: logged, then success/fail/complete called later; without callbacks it returns a Promise. */
  const asyncApi =
    (api: string, run: (o: Options) => Promise<unknown>) =>
    (o: Options = {}): unknown => {
      const { success, fail, complete, ...args } = o;
      log.calls.push({ api, args, inTap: opts.inTap() });
      const settled = consent(api)
        .then(() => run(o))
        .then(
          (r) => ({ ok: true, value: opts.toApp({ errMsg: `${api.replace('cloud.', '')}:ok`, ...(r as object) }) }),
          (e: unknown) => ({ ok: false, value: opts.toApp(typeof e === 'object' && e && 'errMsg' in e ? e : { errMsg: `${api}:fail ${String(e)}` }) }),
        );
      if (!success && !fail && !complete) return new opts.AppPromise((resolve, reject) => void settled.then((s) => (s.ok ? resolve : reject)(s.value)));
      void settled.then((s) => {
        (s.ok ? success : fail)?.(s.value);
        complete?.(s.value);
      });
      return undefined;
    };
  const post = async (p: string, body: string | Uint8Array, contentType: string) => {
    const res = await fetch(`${opts.cloudUrl}${p}`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-local-openid': opts.openid },
      body: body as BodyInit,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const allow = (api: string, fn: unknown) => (opts.allowed.includes(api) ? fn : notAllowed(api));

  const cloud: Record<string, unknown> = {
    init: (o: unknown) => void log.calls.push({ api: 'cloud.init', args: o, inTap: opts.inTap() }),
    // The platform adds the caller's OPENID (here: the local cloud's header); a function's crash or timeout rejects.
    callFunction: asyncApi('cloud.callFunction', async ({ name, data }) => {
      const injected = opts.callFunctionFails?.(String(name), data);
      if (injected) throw injected;
      const { status, body } = await post(`fn/${encodeURIComponent(String(name))}`, JSON.stringify(data ?? {}), 'application/json');
      if (status !== 200) throw { errCode: body.errCode, errMsg: `cloud.callFunction:fail ${String(body.errCode)} ${String(body.errMsg)}` };
      return { result: body, requestID: randomUUID() };
    }),
    // Into the local cloud's storage, as its H5 stand-in does: raw bytes, the uploader from the header (the type by
    // the file: a recorder's mp3, else the camera's jpeg).
    uploadFile: asyncApi('cloud.uploadFile', async ({ cloudPath, filePath }) => {
      const bytes = files.get(String(filePath));
      if (!bytes) throw { errMsg: `cloud.uploadFile:fail file not found: ${String(filePath)}` };
      const type = String(filePath).endsWith('.mp3') ? 'audio/mpeg' : 'image/jpeg';
      const { status, body } = await post(`__storage/upload?cloudPath=${encodeURIComponent(String(cloudPath))}`, bytes, type);
      if (status !== 200) throw { errCode: status, errMsg: `cloud.uploadFile:fail ${String(body.errMsg ?? status)}` };
      return { fileID: body.fileID, statusCode: 200 };
    }),
  };

  const stubs: Record<string, unknown> = {
    env: { USER_DATA_PATH: 'http://usr' },
    cloud: new Proxy(cloud, { get: (t, k) => (typeof k !== 'string' ? undefined : allow(`cloud.${k}`, t[k])) }),
    getAppBaseInfo: () => {
      log.calls.push({ api: 'getAppBaseInfo', args: undefined, inTap: opts.inTap() });
      return opts.toApp({ SDKVersion: '3.7.0', language: 'zh_CN', version: '8.0.50', fontSizeScaleFactor: opts.fontSizeScaleFactor, fontSizeSetting: 17 });
    },
    // One photo from the camera; chooseImage is the older API (unmaintained since base library 2.21.0).
    chooseMedia: asyncApi('chooseMedia', async () => {
      const tempFilePath = tempFile(PHOTO);
      return { type: 'image', tempFiles: [{ tempFilePath, size: PHOTO.length, fileType: 'image' }] };
    }),
    chooseImage: asyncApi('chooseImage', async () => {
      const p = tempFile(PHOTO);
      return { tempFilePaths: [p], tempFiles: [{ path: p, size: PHOTO.length }] };
    }),
    compressImage: asyncApi('compressImage', async ({ src }) => {
      const bytes = files.get(String(src));
      if (!bytes) throw { errMsg: `compressImage:fail file not found` };
      return { tempFilePath: tempFile(bytes) };
    }),
    // Only from a tap (base library ≥ 2.8.2); the answer goes to the local cloud's platform, which keeps the credits.
    requestSubscribeMessage: asyncApi('requestSubscribeMessage', async ({ tmplIds }) => {
      if (!opts.inTap()) throw { errCode: 20004, errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' };
      const result = Object.fromEntries((tmplIds as string[]).map((id) => [id, opts.subscribeAnswer]));
      await post('__wx/requestSubscribeMessage', JSON.stringify({ result }), 'application/json');
      return result;
    }),
    navigateTo: asyncApi('navigateTo', ({ url }) => opts.route('navigateTo', { url: String(url) })),
    redirectTo: asyncApi('redirectTo', ({ url }) => opts.route('redirectTo', { url: String(url) })),
    reLaunch: asyncApi('reLaunch', ({ url }) => opts.route('reLaunch', { url: String(url) })),
    navigateBack: asyncApi('navigateBack', ({ delta }) => opts.route('navigateBack', { delta: Number(delta ?? 1) })),
    // The user confirms every modal; the rest only succeed (recorded in calls).
    showModal: asyncApi('showModal', async () => ({ confirm: true, cancel: false })),
    makePhoneCall: asyncApi('makePhoneCall', async () => ({})),
    pageScrollTo: asyncApi('pageScrollTo', async () => ({})),
    setClipboardData: asyncApi('setClipboardData', async () => ({})),
    previewImage: asyncApi('previewImage', async () => ({})),
    onNeedPrivacyAuthorization: (listener: typeof askPrivacy) => {
      log.calls.push({ api: 'onNeedPrivacyAuthorization', args: undefined, inTap: opts.inTap() });
      askPrivacy = listener;
    },
    openPrivacyContract: asyncApi('openPrivacyContract', async () => ({})),
    getRecorderManager: () => {
      log.calls.push({ api: 'getRecorderManager', args: undefined, inTap: opts.inTap() });
      return recorderManager;
    },
    createInnerAudioContext: () => {
      log.calls.push({ api: 'createInnerAudioContext', args: undefined, inTap: opts.inTap() });
      return innerAudioContext();
    },
  };

  /**
   * wx.getRecorderManager(): the app's one recorder. start() checks its options as WeChat documents them (duration ≤
   * 600000 ms, format aac/mp3/wav/PCM, numberOfChannels 1 or 2, encodeBitRate within RECORDER_BIT_RATES of its
   * sampleRate), waits for the privacy consent, fails with 「auth deny」 when the microphone is refused, else starts;
   * stop() — or reaching `duration` — ends it with a temp mp3 of the computed size (encodeBitRate / 8 bytes a second
   * after an ID3 header) and the real time recorded. Each start and stop is logged as RecorderManager.start / .stop.
   */
  const recorder: { onStart?: (r: unknown) => void; onStop?: (r: unknown) => void; onError?: (r: unknown) => void } = {};
  let recording: { startedAt: number; options: Record<string, unknown>; limit: ReturnType<typeof setTimeout> } | null = null;
  const recorderError = (errMsg: string) => setTimeout(() => recorder.onError?.(opts.toApp({ errMsg })));
  const finishRecording = () => {
    if (!recording) return;
    const { startedAt, options, limit } = recording;
    clearTimeout(limit);
    recording = null;
    const duration = Math.min(Date.now() - startedAt, Number(options.duration ?? 60000));
    const bytes = Buffer.concat([
      Buffer.from('ID3', 'latin1'),
      Buffer.alloc(7),
      Buffer.alloc(Math.round((Number(options.encodeBitRate ?? 48000) / 8) * (duration / 1000)), 0x55),
    ]);
    const tempFilePath = tempFile(bytes, 'mp3');
    setTimeout(() => recorder.onStop?.(opts.toApp({ tempFilePath, duration, fileSize: bytes.length })));
  };
  const recorderManager = {
    start: (options: Record<string, unknown> = {}) => {
      log.calls.push({ api: 'RecorderManager.start', args: options, inTap: opts.inTap() });
      const duration = Number(options.duration ?? 60000);
      const rate = Number(options.sampleRate ?? 8000);
      const range = RECORDER_BIT_RATES[rate];
      const bitRate = Number(options.encodeBitRate ?? 48000);
      if (recording) return recorderError('operateRecorder:fail recorder is recording');
      if (!(duration > 0 && duration <= 600000)) return recorderError('operateRecorder:fail duration must be at most 600000 ms');
      if (!['aac', 'mp3', 'wav', 'PCM'].includes(String(options.format ?? 'aac'))) return recorderError('operateRecorder:fail format');
      if (![1, 2].includes(Number(options.numberOfChannels ?? 2))) return recorderError('operateRecorder:fail numberOfChannels');
      if (!range || bitRate < range[0] || bitRate > range[1])
        return recorderError(`operateRecorder:fail encodeBitRate ${bitRate} is not valid at sampleRate ${rate}`);
      consent('getRecorderManager').then(
        () => {
          if (opts.microphone === 'deny') return recorderError('operateRecorder:fail auth deny');
          recording = { startedAt: Date.now(), options, limit: setTimeout(finishRecording, duration) };
          recorder.onStart?.(opts.toApp({}));
        },
        (e: { errMsg: string }) => recorderError(e.errMsg),
      );
    },
    stop: () => {
      log.calls.push({ api: 'RecorderManager.stop', args: undefined, inTap: opts.inTap() });
      finishRecording();
    },
    pause: () => undefined,
    resume: () => undefined,
    onStart: (cb: (r: unknown) => void) => void (recorder.onStart = cb),
    onStop: (cb: (r: unknown) => void) => void (recorder.onStop = cb),
    onError: (cb: (r: unknown) => void) => void (recorder.onError = cb),
    onPause: () => undefined,
    onResume: () => undefined,
    onFrameRecorded: () => undefined,
    onInterruptionBegin: () => undefined,
    onInterruptionEnd: () => undefined,
  };

  /**
   * wx.createInnerAudioContext(): play() of a src the phone has (a temp file) or the local cloud serves (fetched: an
   * audio type is needed) calls onPlay, then onEnded shortly after; anything else onError (10004, WeChat's "format not
   * supported / cannot play"). Each play is logged as InnerAudioContext.play with its src.
   */
  const innerAudioContext = () => {
    const on: Record<string, ((r?: unknown) => void) | undefined> = {};
    let ended: ReturnType<typeof setTimeout> | undefined;
    const ctx = {
      src: '',
      autoplay: false,
      loop: false,
      play: () => {
        log.calls.push({ api: 'InnerAudioContext.play', args: { src: ctx.src }, inTap: opts.inTap() });
        const src = String(ctx.src);
        const playable = files.has(src)
          ? Promise.resolve(true)
          : fetch(src).then(
              (r) => r.ok && String(r.headers.get('content-type')).startsWith('audio/'),
              () => false,
            );
        void playable.then((ok) => {
          if (!ok) return on.error?.(opts.toApp({ errMsg: 'play:fail', errCode: 10004 }));
          on.play?.();
          ended = setTimeout(() => on.ended?.(), 50);
        });
      },
      pause: () => undefined,
      stop: () => clearTimeout(ended),
      destroy: () => clearTimeout(ended),
      onPlay: (cb: () => void) => void (on.play = cb),
      onEnded: (cb: () => void) => void (on.ended = cb),
      onError: (cb: (r?: unknown) => void) => void (on.error = cb),
      onCanplay: () => undefined,
      onStop: () => undefined,
      offEnded: () => undefined,
      offError: () => undefined,
    };
    return ctx;
  };

  /** An API outside the allow-list: logged, and it fails (through `fail`/`complete` when given). */
  function notAllowed(api: string) {
    return (o?: Options) => {
      log.notAllowed.push(api);
      const err = opts.toApp({ errMsg: `${api}:fail not in the weapp test's allow-list` });
      if (o && typeof o === 'object') setTimeout(() => (o.fail?.(err), o.complete?.(err)));
    };
  }
  const modelled = [...Object.keys(stubs), ...Object.keys(cloud).map((k) => `cloud.${k}`)];
  const unmodelled = opts.allowed.filter((a) => !modelled.includes(a));
  if (unmodelled.length > 0) throw new Error(`weapp-wx: no model for ${unmodelled.join(', ')}: write one before allowing it`);
  const wx: Record<string, unknown> = {};
  for (const name of wechatApiNames()) wx[name] = notAllowed(name);
  for (const [name, stub] of Object.entries(stubs)) wx[name] = typeof stub === 'function' ? allow(name, stub) : stub;
  // NOTE: the runtime stores its chunk list in wx.webpackJsonp; any other unknown name read is logged.
  const proxy = new Proxy(wx, {
    get: (t, k) => {
      if (typeof k === 'string' && !(k in t) && k !== 'webpackJsonp' && !k.startsWith('__')) log.notAllowed.push(`wx.${k} (read)`);
      return t[k as string];
    },
  });
  return { wx: proxy, log };
}
