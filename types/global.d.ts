/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.gif';
declare module '*.jpg';
declare module '*.jpeg';
declare module '*.svg';
declare module '*.css';

declare namespace NodeJS {
  interface ProcessEnv {
    /** Node's build mode; decides minification and which config/*.ts is merged. */
    NODE_ENV: 'development' | 'production';
    /** Platform being built (`taro build --type`); the other platform's branches are removed at build time. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn';
    /** Mini-program appid override, read by Taro when writing dist/weapp/project.config.json. */
    TARO_APP_ID?: string;
    /** WeChat Cloud environment id for Taro.cloud.init; empty string means the default environment. */
    TARO_APP_CLOUD_ENV: string;
  }
}
