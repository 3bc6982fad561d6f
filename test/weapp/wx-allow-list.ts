/**
 * The WeChat client APIs the mini-program may call (each modelled in test/support/weapp-wx.ts). A call to any other
 * fails the weapp tests: a new platform dependency is a decision (privacy guide, review, a model of it here), not an
 * accident.
 */
export const WX_ALLOWED = [
  // The privacy guide's consent (lib/privacy-prompt.ts, components/privacy-sheet).
  'onNeedPrivacyAuthorization',
  'openPrivacyContract',
  // Cloud functions and storage (services/transport.weapp.ts, services/upload.weapp.ts, app.ts).
  'cloud.init',
  'cloud.callFunction',
  'cloud.uploadFile',
  // Text size (lib/font-scale.ts).
  'getAppBaseInfo',
  // Photos of a report or of 办结: picked, made smaller, uploaded (components/photo-picker, services/pick-photos.ts,
  // services/upload.weapp.ts).
  'chooseMedia',
  'compressImage',
  // Voice notes (按住 说话, up to 60 s): the microphone — scope.record, declared in config/privacy.json — and playing them
  // back (services/voice.weapp.ts, components/voice-recorder, components/voice-player).
  'getRecorderManager',
  'createInnerAudioContext',
  // The subscribe prompt at a tap (services/subscribe.weapp.ts).
  'requestSubscribeMessage',
  // Pages.
  'navigateTo',
  'redirectTo',
  'reLaunch',
  'navigateBack',
  'pageScrollTo',
  // Confirmations, calls, the invite code's copy, a case's photos.
  'showModal',
  'makePhoneCall',
  'setClipboardData',
  'previewImage',
] as const;
