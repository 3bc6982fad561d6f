import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
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
  return children;
}

export default App;
