/**
 * A failed cloud call is told apart (no network, timeout, busy, not deployed, no permission, crashed, other), each with
 * its own code and words; both transports use the same classifier. The photo picker's failures likewise (cancel says
 * nothing, a refused permission says where to turn it on).
 */
import {
  CLOUD_FAILURES,
  TRANSPORT_ERROR_CODES,
  classifyCloudError,
  classifyFetchError,
  classifyHttpFailure,
  type CloudFailure,
} from '../../src/services/cloud-errors';
import { PICK_MESSAGES, classifyPickError, pickMessage, type PickFailure } from '../../src/services/photo-errors';

// The weapp transport calls Taro.cloud.callFunction: a stand-in answers here (test/weapp runs it in a weapp runtime).
const mockCallFunction = jest.fn();
const mockChooseMedia = jest.fn();
jest.mock('@tarojs/taro', () => ({
  __esModule: true,
  default: { cloud: { callFunction: (o: unknown) => mockCallFunction(o) }, chooseMedia: (o: unknown) => mockChooseMedia(o) },
}));

describe('classifyCloudError: what wx.cloud.callFunction rejects with', () => {
  const table: [string, unknown, CloudFailure][] = [
    // function not deployed
    ['errCode -501000 as a field', { errCode: -501000, errMsg: 'cloud.callFunction:fail FunctionName parameter could not be found.' }, 'not-deployed'],
    [
      'the Error WeChat really throws',
      new Error(
        'cloud.callFunction:fail Error: errCode: -501000 | errMsg: FunctionName parameter could not be found. (callId: 1694400404469-0.21911505857247282) (trace: 10:46:44 start->10:46:44 system error (Error: errCode: -501000 | errMsg: FunctionName parameter could not be found.), abort)',
      ),
      'not-deployed',
    ],
    [
      'wrapped in -404011 by the devtools',
      {
        errCode: -404011,
        errMsg:
          'cloud.callFunction:fail requestID 4ee35948-502d-4300-9476-a9ef5ccd40af, cloud function service error code -501000, error message FunctionName parameter could not be found.; at cloud.callFunction api; ',
      },
      'not-deployed',
    ],
    ['CloudBase FUNCTION_NOT_FOUND', { code: 'FUNCTION_NOT_FOUND', message: 'function not found' }, 'not-deployed'],
    [
      'the local cloud’s unknown function',
      { errCode: -501000, errMsg: 'cloud.callFunction:fail FunctionName parameter could not be found: nosuch' },
      'not-deployed',
    ],
    // permission
    [
      '-604101 openapi permission',
      { errCode: -604101, errMsg: 'subscribeMessage.send:fail -604101 function has no permission to call this API' },
      'no-permission',
    ],
    ['-502003 database permission', new Error('errCode: -502003 database permission denied | errMsg: Permission denied'), 'no-permission'],
    // quota / concurrency
    ['-501003 quota', { errCode: -501003, errMsg: 'exceed quota' }, 'busy'],
    ['-501004 concurrency', { errCode: -501004, errMsg: 'cloud.callFunction:fail' }, 'busy'],
    ['CloudBase FUNCTION_EXCEED_RESOURCE_LIMIT', { code: 'FUNCTION_EXCEED_RESOURCE_LIMIT', message: '请求资源超过预置并发' }, 'busy'],
    // timeout
    ['-504003 Invoking task timed out', { errCode: -504003, errMsg: 'cloud.callFunction:fail Invoking task timed out after 3 seconds' }, 'timeout'],
    ['the function’s own timeout, wrapped in -504002', { errCode: -504002, errMsg: 'functions execute fail | Task timed out after 3.00 seconds' }, 'timeout'],
    ['a bare "timeout"', { errMsg: 'cloud.callFunction:fail timeout' }, 'timeout'],
    ['request:fail timeout is a timeout, not just the network', { errMsg: 'cloud.callFunction:fail request:fail timeout' }, 'timeout'],
    ['CloudBase FUNCTION_TIME_LIMIT_EXCEEDED', { code: 'FUNCTION_TIME_LIMIT_EXCEEDED' }, 'timeout'],
    ['the local cloud’s timeout', { errCode: -504003, errMsg: 'cloud.callFunction:fail function cases timed out after 3000 ms' }, 'timeout'],
    // network
    ['request:fail', { errMsg: 'cloud.callFunction:fail request:fail ' }, 'network'],
    ['network error', new Error('cloud.callFunction:fail Error: network error'), 'network'],
    ['a bare string', 'request:fail net::ERR_INTERNET_DISCONNECTED', 'network'],
    // crashed
    [
      '-504002 functions execute fail',
      { errCode: -504002, errMsg: 'cloud.callFunction:fail functions execute fail: ReferenceError: x is not defined' },
      'crashed',
    ],
    ['-404011 alone', new Error('errCode: -404011 cloud function execution error | errMsg: user code exception caught'), 'crashed'],
    ['CloudBase FUNCTION_INVOCATION_FAILED', { code: 'FUNCTION_INVOCATION_FAILED' }, 'crashed'],
    // anything else
    ['an unknown code', { errCode: -501007, errMsg: 'invalid parameters' }, 'unknown'],
    ['nothing at all', undefined, 'unknown'],
    ['an empty object', {}, 'unknown'],
    ['a number is not read as a code unless it is one', { errMsg: 'requestID 4ee35948-504003a-1 failed' }, 'unknown'],
  ];
  it.each(table)('%s', (_name, err, expected) => {
    expect(classifyCloudError(err)).toBe(expected);
  });
});

describe('classifyHttpFailure: the local cloud over HTTP (H5)', () => {
  const table: [string, number, unknown, CloudFailure][] = [
    ['404 with no body: no such function', 404, null, 'not-deployed'],
    ['404 of the local cloud’s router', 404, { errCode: -1, errMsg: 'no route POST /fn/nosuch' }, 'not-deployed'],
    ['500 -501000: not deployed', 500, { errCode: -501000, errMsg: 'cloud.callFunction:fail FunctionName parameter could not be found: x' }, 'not-deployed'],
    ['500 -504003: timeout', 500, { errCode: -504003, errMsg: 'cloud.callFunction:fail function x timed out after 3000 ms' }, 'timeout'],
    ['500 -504002: crashed', 500, { errCode: -504002, errMsg: 'cloud.callFunction:fail functions execute fail: boom' }, 'crashed'],
    ['504 gateway timeout', 504, null, 'timeout'],
    ['408 request timeout', 408, 'not json', 'timeout'],
    ['503 busy', 503, null, 'busy'],
    ['429 busy', 429, null, 'busy'],
    ['403 refused', 403, null, 'no-permission'],
    ['500 with no body: crashed', 500, null, 'crashed'],
    ['500 -501007 (body too large): crashed', 500, { errCode: -501007, errMsg: 'request body too large' }, 'crashed'],
    ['400 anything else', 400, null, 'unknown'],
  ];
  it.each(table)('%s', (_name, status, body, expected) => {
    expect(classifyHttpFailure(status, body)).toBe(expected);
  });

  it('a fetch that threw is the network, or a timeout when it was aborted', () => {
    expect(classifyFetchError(new TypeError('Failed to fetch'))).toBe('network');
    expect(classifyFetchError(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }))).toBe('timeout');
    expect(classifyFetchError(Object.assign(new Error('signal timed out'), { name: 'TimeoutError' }))).toBe('timeout');
  });
});

describe('the words and codes of each failure', () => {
  const failures = Object.keys(CLOUD_FAILURES) as CloudFailure[];

  it('gives each failure its own code and its own words', () => {
    expect(new Set(failures.map((f) => CLOUD_FAILURES[f].code)).size).toBe(failures.length);
    expect(new Set(failures.map((f) => CLOUD_FAILURES[f].message)).size).toBe(failures.length);
    expect([...TRANSPORT_ERROR_CODES].sort()).toEqual(
      ['CLOUD_BUSY', 'CLOUD_CRASHED', 'CLOUD_FAILED', 'CLOUD_NOT_DEPLOYED', 'CLOUD_NO_PERMISSION', 'CLOUD_TIMEOUT', 'NETWORK_FAILED'].sort(),
    );
  });

  it('speaks plain Chinese: no technical words, no codes, and says what to do', () => {
    for (const f of failures) {
      const { message } = CLOUD_FAILURES[f];
      expect(message).toMatch(/[\u4e00-\u9fff]/);
      expect(message).not.toMatch(/[A-Za-z0-9]/);
      expect(message).not.toMatch(/云函数|部署|权限|超时|并发|配额|服务器|接口|异常|错误码/);
      expect(message).toMatch(/再试|告诉社区办公室/);
    }
    // What cannot be fixed by trying again sends the person to the office.
    expect(CLOUD_FAILURES['not-deployed'].message).toContain('告诉社区办公室');
    expect(CLOUD_FAILURES['no-permission'].message).toContain('告诉社区办公室');
  });
});

describe('the H5 transport', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
  });
  const answer = (status: number, body: unknown) =>
    (global.fetch = jest.fn(async () => new Response(body === undefined ? '' : JSON.stringify(body), { status })) as typeof fetch);
  const call = async () => {
    const { transport } = jest.requireActual<typeof import('../../src/services/transport.h5')>('../../src/services/transport.h5');
    return transport('cases', { action: 'listMine', payload: {} });
  };

  it('passes a function’s envelope through, failures included', async () => {
    answer(200, { ok: true, data: [1] });
    expect(await call()).toEqual({ ok: true, data: [1] });
    answer(200, { ok: false, error: { code: 'FORBIDDEN', message: '不行' } });
    expect(await call()).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '不行' } });
  });

  it('tells apart no network, no such function, a timeout and a crash', async () => {
    global.fetch = jest.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await call()).toEqual({ ok: false, error: CLOUD_FAILURES.network });
    answer(404, { errCode: -1, errMsg: 'no route' });
    expect(await call()).toEqual({ ok: false, error: CLOUD_FAILURES['not-deployed'] });
    answer(500, { errCode: -501000, errMsg: 'cloud.callFunction:fail FunctionName parameter could not be found: cases' });
    expect(await call()).toEqual({ ok: false, error: CLOUD_FAILURES['not-deployed'] });
    answer(500, { errCode: -504003, errMsg: 'cloud.callFunction:fail function cases timed out after 3000 ms' });
    expect(await call()).toEqual({ ok: false, error: CLOUD_FAILURES.timeout });
    answer(504, undefined);
    expect(await call()).toEqual({ ok: false, error: CLOUD_FAILURES.timeout });
    answer(500, { errCode: -504002, errMsg: 'cloud.callFunction:fail functions execute fail: boom' });
    expect(await call()).toEqual({ ok: false, error: CLOUD_FAILURES.crashed });
    answer(200, undefined); // a function that answered nothing
    expect(await call()).toEqual({ ok: false, error: CLOUD_FAILURES.crashed });
  });
});

describe('the weapp transport', () => {
  const call = async () => {
    const { transport } = jest.requireActual<typeof import('../../src/services/transport.weapp')>('../../src/services/transport.weapp');
    return transport('cases', { action: 'listMine', payload: {} });
  };

  it('passes a function’s envelope through and sorts a rejected call', async () => {
    mockCallFunction.mockResolvedValueOnce({ result: { ok: true, data: 7 }, errMsg: 'cloud.callFunction:ok' });
    expect(await call()).toEqual({ ok: true, data: 7 });
    expect(mockCallFunction).toHaveBeenLastCalledWith({ name: 'cases', data: { action: 'listMine', payload: {} } });
    mockCallFunction.mockRejectedValueOnce(new Error('cloud.callFunction:fail Error: errCode: -501000 | errMsg: FunctionName parameter could not be found.'));
    expect(await call()).toEqual({ ok: false, error: CLOUD_FAILURES['not-deployed'] });
    mockCallFunction.mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail request:fail ' });
    expect(await call()).toEqual({ ok: false, error: CLOUD_FAILURES.network });
    mockCallFunction.mockRejectedValueOnce({ errCode: -504003, errMsg: 'Invoking task timed out' });
    expect(await call()).toEqual({ ok: false, error: CLOUD_FAILURES.timeout });
    mockCallFunction.mockResolvedValueOnce({ result: undefined, errMsg: 'cloud.callFunction:ok' });
    expect(await call()).toEqual({ ok: false, error: CLOUD_FAILURES.crashed });
  });
});

describe('classifyPickError: what chooseMedia rejects with', () => {
  const table: [string, unknown, PickFailure][] = [
    ['the person closed the picker', { errMsg: 'chooseMedia:fail cancel' }, 'cancel'],
    ['H5: the file dialog was closed', { errMsg: 'chooseMedia:fail cancel' }, 'cancel'],
    ['H5: a bare cancel', 'cancel', 'cancel'],
    ['errno 104: the privacy pop-up was turned down', { errMsg: 'chooseMedia:fail privacy permission is not authorized', errno: 104 }, 'privacy-refused'],
    ['the same with WeChat’s own misspelling and no errno', { errMsg: 'chooseMedia:fail privacy permission is not authroized' }, 'privacy-refused'],
    ['errno 103 (the privacy refusal of other APIs)', { errMsg: 'chooseMedia:fail', errno: 103 }, 'privacy-refused'],
    [
      'errno 112: album/camera not in our privacy guide',
      { errMsg: 'chooseMedia:fail api scope is not declared in the privacy agreement', errno: 112 },
      'privacy-undeclared',
    ],
    ['112 by text alone', { errMsg: 'chooseMedia:fail api scope is not declared in the privacy agreement' }, 'privacy-undeclared'],
    ['the camera refused earlier: auth deny', { errMsg: 'chooseMedia:fail auth deny' }, 'auth-denied'],
    ['auth denied (Android)', { errMsg: 'chooseMedia:fail:auth denied' }, 'auth-denied'],
    ['authorize:fail', { errMsg: 'authorize:fail auth deny' }, 'auth-denied'],
    ['the phone does not let WeChat use the camera', { errMsg: 'chooseMedia:fail system permission denied' }, 'system-denied'],
    ['anything else', { errMsg: 'chooseMedia:fail internal error' }, 'other'],
    ['an Error', new Error('boom'), 'other'],
    ['nothing', undefined, 'other'],
  ];
  it.each(table)('%s', (_name, err, expected) => {
    expect(classifyPickError(err)).toBe(expected);
  });

  it('says nothing for a cancel, and plain words (where to turn it on) for a refusal', () => {
    expect(pickMessage('cancel')).toBeNull();
    expect(pickMessage('auth-denied')).toContain('右上角');
    expect(pickMessage('auth-denied')).toContain('设置');
    expect(pickMessage('privacy-refused')).toContain('同意');
    expect(pickMessage('privacy-undeclared')).toContain('告诉社区办公室');
    for (const message of Object.values(PICK_MESSAGES)) {
      expect(message).not.toMatch(/[A-Za-z0-9]/);
      expect(message).not.toMatch(/权限|授权|隐私协议|接口|错误码/);
    }
  });
});

describe('pickPhotos', () => {
  const pick = async (count: number) => {
    const { pickPhotos } = jest.requireActual<typeof import('../../src/services/pick-photos')>('../../src/services/pick-photos');
    return pickPhotos(count);
  };

  it('asks chooseMedia for compressed images from the album or the camera', async () => {
    mockChooseMedia.mockResolvedValueOnce({
      type: 'image',
      tempFiles: [
        { tempFilePath: 'wxfile://a.jpg', size: 1 },
        { tempFilePath: 'wxfile://b.jpg', size: 2 },
      ],
    });
    expect(await pick(3)).toEqual({ ok: true, paths: ['wxfile://a.jpg', 'wxfile://b.jpg'] });
    expect(mockChooseMedia).toHaveBeenLastCalledWith({ count: 3, mediaType: ['image'], sourceType: ['album', 'camera'], sizeType: ['compressed'] });
  });

  it('says nothing for a cancel and the way to the settings for a refused camera', async () => {
    mockChooseMedia.mockRejectedValueOnce({ errMsg: 'chooseMedia:fail cancel' });
    expect(await pick(1)).toEqual({ ok: false, failure: 'cancel', message: null });
    mockChooseMedia.mockRejectedValueOnce({ errMsg: 'chooseMedia:fail auth deny' });
    expect(await pick(1)).toEqual({ ok: false, failure: 'auth-denied', message: PICK_MESSAGES['auth-denied'] });
    mockChooseMedia.mockRejectedValueOnce({ errMsg: 'chooseMedia:fail api scope is not declared in the privacy agreement', errno: 112 });
    expect(await pick(1)).toEqual({ ok: false, failure: 'privacy-undeclared', message: PICK_MESSAGES['privacy-undeclared'] });
  });
});
