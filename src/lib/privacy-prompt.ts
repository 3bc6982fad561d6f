/**
 * WeChat's privacy consent (用户隐私保护指引): the first time a page uses a privacy-scoped API (photos, clipboard),
 * WeChat holds the call and asks the app through `wx.onNeedPrivacyAuthorization`; PrivacySheet shows our own
 * large-type sheet and answers. Agreeing needs a real tap on a button with open-type="agreePrivacyAuthorization"
 * whose id is passed back (the base library checks it was tapped). Weapp only; the H5 build never asks.
 */
import Taro from '@tarojs/taro';

type Answer = { event: 'agree'; buttonId: string } | { event: 'disagree' } | { event: 'exposureAuthorization' };

let pending: ((answer: Answer) => void) | null = null;
const listeners = new Set<(asking: boolean) => void>();

/** The id of the sheet's agree button (WeChat checks the button with this id was tapped). */
export const AGREE_BUTTON_ID = 'gk-privacy-agree';

/** Listen for WeChat's question once, at launch. */
export function installPrivacyPrompt(): void {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    pending = resolve as (answer: Answer) => void;
    for (const l of listeners) l(true);
  });
}

/** Be told when WeChat asks (true) and when the question is answered (false). Returns the unsubscribe. */
export function onPrivacyQuestion(listener: (asking: boolean) => void): () => void {
  listeners.add(listener);
  if (pending) listener(true);
  return () => listeners.delete(listener);
}

/** Tell WeChat the sheet is on screen (its exposure report), before the person answers. */
export function reportShown(): void {
  pending?.({ event: 'exposureAuthorization' });
}

/** The person's answer: the held API goes on (agree) or fails with "privacy permission is not authorized". */
export function answerPrivacy(agree: boolean): void {
  const resolve = pending;
  pending = null;
  resolve?.(agree ? { event: 'agree', buttonId: AGREE_BUTTON_ID } : { event: 'disagree' });
  for (const l of listeners) l(false);
}
