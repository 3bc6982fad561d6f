import type { UserConfigExport } from '@tarojs/cli';

/** Release builds: Taro's defaults (minified, CSS extracted). */
export default {
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
