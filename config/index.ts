import path from 'path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/** Build target from `taro build --type <x>`; decides the output folder. */
const platform = process.env.TARO_ENV || 'weapp';

/** WeChat Cloud environment id; empty means the default environment. */
const cloudEnv = process.env.TARO_APP_CLOUD_ENV || '';

/** types/ is shared with the cloud functions; the pages import a few values from it (e.g. field lengths): compile it too. */
const compile = { include: [path.resolve(__dirname, '..', 'types')] };

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'golden-key',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // NOTE: project.config.json's miniprogramRoot points at dist/weapp; keep the two in step.
    outputRoot: `dist/${platform}`,
    plugins: [],
    env: {
      TARO_APP_CLOUD_ENV: JSON.stringify(cloudEnv),
    },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    // NOTE: no project.config.json in dist/weapp. Taro copies the file named here into the output when it exists, and
    // none does on purpose: WeChat DevTools opens the repo root, whose project.config.json points miniprogramRoot at
    // dist/weapp and cloudfunctionRoot at dist/cloud. Taro's default copy (of that root file, miniprogramRoot turned
    // into "./") kept cloudfunctionRoot "dist/cloud/" and srcMiniprogramRoot "dist/weapp/", which inside dist/weapp
    // name folders that do not exist. miniprogram-ci compiles dist/weapp without one. test/build/weapp-config.test.ts.
    projectConfigName: 'project.config.dist-weapp.json',
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile,
      // Modules used only by a subpackage stay out of the main package (main package ≤ 2 MB).
      optimizeMainPackage: { enable: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      compile,
      // Absolute paths: the local cloud serves index.html for / and the bundle from /js, /css.
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig);
  }
  return merge({}, baseConfig, prodConfig);
});
