/**
 * Whose photo is it: a client uploads each photo under its own folder, `photos/<openid>/<name>`, and a case accepts
 * only photos from the caller's folder. Without this, anyone who learnt another resident's fileID could attach it
 * to their own case and be given a download URL for it.
 *
 * fileIDs look like WeChat Cloud's `cloud://<env>.<bucket>/<cloudPath>` (the local cloud: `cloud://local.golden-key/…`).
 * NOTE: pure string rules, no I/O. The pages build their upload path in src/services/photo-path.ts (the pages' build
 * compiles src/ only); test/core/privacy.test.ts checks that every path it makes is owned here.
 */

/** Top folder of residents' photos. */
export const PHOTO_FOLDER = 'photos';

/** WeChat openids (and the demo ids): letters, digits, `_` and `-`. */
const OPENID = /^[A-Za-z0-9_-]{1,128}$/;
/** A photo's file name: a random id and an extension; no folders, no `..`, nothing to decode. */
const NAME = /^[A-Za-z0-9_-][A-Za-z0-9_-]{0,99}(\.[A-Za-z0-9]{1,10})?$/;
/** `cloud://` + the environment and bucket (no `/`, `@`, `%`, `\`) + `/` + the cloudPath. */
const FILE_ID = /^cloud:\/\/[A-Za-z0-9][A-Za-z0-9._-]{0,199}\/(.+)$/;

/** The cloud path a client must upload a photo to: `photos/<openid>/<name>`. Throws for an unusable openid or name. */
export function photoCloudPath(openid: string, name: string): string {
  if (!OPENID.test(openid)) throw new Error('photoCloudPath: the openid must be 1–128 of A-Z a-z 0-9 _ -');
  if (!NAME.test(name)) throw new Error('photoCloudPath: the name must be an id and an extension (A-Z a-z 0-9 _ -, one dot)');
  return `${PHOTO_FOLDER}/${openid}/${name}`;
}

/**
 * True only when `fileID` is a photo directly in `openid`'s own folder (`…/photos/<openid>/<name>`): not another
 * person's (also not one whose openid merely starts with this one), not a subfolder, no `..`, no percent-encoding,
 * and never for an empty or malformed openid.
 */
export function ownsPhoto(openid: string, fileID: string): boolean {
  if (typeof openid !== 'string' || typeof fileID !== 'string' || !OPENID.test(openid)) return false;
  const m = FILE_ID.exec(fileID);
  if (!m) return false;
  const parts = m[1].split('/');
  return parts.length === 3 && parts[0] === PHOTO_FOLDER && parts[1] === openid && NAME.test(parts[2]);
}

/**
 * Voice notes follow the same rule in their own folder, `voices/<openid>/<name>` (an mp3 from WeChat's recorder, a
 * webm/ogg/m4a from a browser): a step accepts only a voice from the caller's folder.
 */
export const VOICE_FOLDER = 'voices';

/** The cloud path a client must upload a voice note to: `voices/<openid>/<name>`. Throws for an unusable openid or name. */
export function voiceCloudPath(openid: string, name: string): string {
  if (!OPENID.test(openid)) throw new Error('voiceCloudPath: the openid must be 1–128 of A-Z a-z 0-9 _ -');
  if (!NAME.test(name)) throw new Error('voiceCloudPath: the name must be an id and an extension (A-Z a-z 0-9 _ -, one dot)');
  return `${VOICE_FOLDER}/${openid}/${name}`;
}

/** True only when `fileID` is a voice note directly in `openid`'s own folder (`…/voices/<openid>/<name>`): as ownsPhoto. */
export function ownsVoice(openid: string, fileID: string): boolean {
  if (typeof openid !== 'string' || typeof fileID !== 'string' || !OPENID.test(openid)) return false;
  const m = FILE_ID.exec(fileID);
  if (!m) return false;
  const parts = m[1].split('/');
  return parts.length === 3 && parts[0] === VOICE_FOLDER && parts[1] === openid && NAME.test(parts[2]);
}
