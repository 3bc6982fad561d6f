import { createElement, Fragment, type PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import H5TitleBar from './components/h5-title-bar';
import { applyH5FontScaleFromUrl } from './lib/font-scale';
import { installPrivacyPrompt } from './lib/privacy-prompt';
import './app.css';

/** The app shell: connects to WeChat Cloud and listens for WeChat's privacy question once at launch (weapp). */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      Taro.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV || undefined, traceUser: true });
      installPrivacyPrompt();
    }
    applyH5FontScaleFromUrl();
  });
  // H5 local mode: a title bar with 「返回」, which WeChat draws itself in the mini-program.
  return process.env.TARO_ENV === 'h5' ? createElement(Fragment, null, createElement(H5TitleBar), children) : children;
}

export default App;
