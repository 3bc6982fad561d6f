import type { PropsWithChildren } from 'react';
import Taro, { useLaunch } from '@tarojs/taro';
import { applyH5FontScaleFromUrl } from './lib/font-scale';
import './app.css';

/** The app shell: connects to WeChat Cloud once at launch (weapp); pages render as children. */
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    if (process.env.TARO_ENV === 'weapp') {
      Taro.cloud.init({ env: process.env.TARO_APP_CLOUD_ENV || undefined, traceUser: true });
    }
    applyH5FontScaleFromUrl();
  });
  return children;
}

export default App;
