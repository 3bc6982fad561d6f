/**
 * The privacy guide (用户隐私保护指引) check: which privacy-scoped wx APIs the weapp build calls, which guide item
 * each needs (WeChat's table "隐私接口与对应的处理的信息", user-privacy/miniprogram-intro), and whether
 * config/privacy.json declares it. Since 2023-10-17 an undeclared API fails at run time (errno 112).
 */
import fs from 'fs';
import path from 'path';

/** Privacy-scoped APIs → the guide item (privacy_key) they need. Components are matched by their open-type. */
export const PRIVACY_APIS: Record<string, string> = {
  chooseImage: 'Album',
  chooseMedia: 'Album',
  chooseVideo: 'Album',
  saveImageToPhotosAlbum: 'AlbumWriteOnly',
  saveVideoToPhotosAlbum: 'AlbumWriteOnly',
  createCameraContext: 'Camera',
  createVKSession: 'Camera',
  startRecord: 'Record',
  getRecorderManager: 'Record',
  joinVoIPChat: 'Record',
  getLocation: 'Location',
  getFuzzyLocation: 'Location',
  startLocationUpdate: 'Location',
  startLocationUpdateBackground: 'Location',
  chooseLocation: 'ChooseLocation',
  choosePoi: 'ChooseLocation',
  chooseAddress: 'Address',
  chooseInvoice: 'Invoice',
  chooseInvoiceTitle: 'Invoice',
  getWeRunData: 'RunData',
  chooseMessageFile: 'MessageFile',
  chooseLicensePlate: 'LicensePlate',
  openBluetoothAdapter: 'BlueTooth',
  createBLEPeripheralServer: 'BlueTooth',
  addPhoneContact: 'Contact',
  addPhoneCalendar: 'CalendarWriteOnly',
  addPhoneRepeatCalendar: 'CalendarWriteOnly',
  setClipboardData: 'Clipboard',
  getClipboardData: 'Clipboard',
  startAccelerometer: 'Accelerometer',
  startCompass: 'Compass',
  startDeviceMotionListening: 'DeviceMotion',
  startGyroscope: 'Gyroscope',
  'open-type=getPhoneNumber': 'PhoneNumber',
  'open-type=getRealtimePhoneNumber': 'PhoneNumber',
  'open-type=chooseAvatar': 'UserInfo',
};

export interface PrivacyDeclaration {
  key: string;
  label: string;
  purpose: string;
}

/** The declarations kept in the repo (config/privacy.json). */
export function readDeclarations(root: string): PrivacyDeclaration[] {
  const file = JSON.parse(fs.readFileSync(path.join(root, 'config', 'privacy.json'), 'utf8')) as { declared: PrivacyDeclaration[] };
  return file.declared;
}

/**
 * The privacy-scoped APIs one compiled file calls. Taro's runtime (taro.js) lists every API name as a string to
 * proxy it, so only calls count: `.chooseMedia(` or `["chooseMedia"](`, and an `openType:"getPhoneNumber"` prop.
 */
export function privacyApisIn(code: string): string[] {
  const found = new Set<string>();
  for (const api of Object.keys(PRIVACY_APIS)) {
    if (api.startsWith('open-type=')) {
      const type = api.slice('open-type='.length);
      if (new RegExp(`openType\\s*:\\s*["']${type}["']`).test(code)) found.add(api);
    } else if (new RegExp(`(\\.${api}|\\[["']${api}["']\\])\\s*\\(`).test(code)) found.add(api);
  }
  return [...found];
}

/** Every .js file of the weapp build (Taro's own runtime excluded) → the privacy-scoped APIs it calls. */
export function scanWeapp(weappDir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.js') && path.relative(weappDir, full) !== 'taro.js') {
        for (const api of privacyApisIn(fs.readFileSync(full, 'utf8'))) out.set(api, [...(out.get(api) ?? []), path.relative(weappDir, full)]);
      }
    }
  };
  walk(weappDir);
  return out;
}

/** One problem per guide item the build needs and the declarations lack, naming the APIs and files. */
export function privacyProblems(used: Map<string, string[]>, declared: PrivacyDeclaration[]): string[] {
  const have = new Set(declared.map((d) => d.key));
  const missing = new Map<string, string[]>();
  for (const [api, files] of used) {
    const key = PRIVACY_APIS[api];
    if (!have.has(key)) missing.set(key, [...(missing.get(key) ?? []), `${api} (${files.join(', ')})`]);
  }
  return [...missing].map(
    ([key, uses]) =>
      `privacy guide: the build uses ${uses.join('; ')} but config/privacy.json does not declare "${key}" — declare it there and on the platform`,
  );
}
