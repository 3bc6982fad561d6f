import type { AppConfig } from '@tarojs/taro';

/** Pages every role may open, in the main package; the first one is the home page. */
const pages = ['pages/index/index', 'pages/report/index', 'pages/my-cases/index', 'pages/case/index', 'pages/messages/index', 'pages/join/index'];

// The demo identity switcher exists only in the H5 local mode; WeChat supplies identity in the mini-program.
if (process.env.TARO_ENV === 'h5') pages.push('pages/dev-switch/index');

/** `cloud: true` enables wx.cloud in the mini-program; Taro's AppConfig type does not list it. */
const config: AppConfig & { cloud: boolean } = {
  pages,
  subPackages: [
    // Duty members' workspace: residents never download it.
    { root: 'pages-member', pages: ['duty/index', 'intake/index'] },
    // Community office console (queues, dashboard, 通报; 志愿服务记录, which a member also opens for their own): residents never download it.
    { root: 'pages-office', pages: ['queues/index', 'dashboard/index', 'reports/index', 'service-record/index'] },
    // 家人的地址 (a resident's places to report for someone else): opened from the report page and 我的事项, not at start.
    { root: 'pages-family', pages: ['places/index'] },
    // The admin's pages (people, invite codes, rota, categories and settings, audit log, stairwell QR posters): only admins download it.
    { root: 'pages-admin', pages: ['index/index', 'invites/index', 'person/index', 'rota/index', 'config/index', 'audit/index', 'posters/index'] },
  ],
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '金钥匙',
    navigationBarTextStyle: 'black',
    backgroundColor: '#ffffff',
  },
  cloud: true,
  // Inject only the components a page really uses when it opens, not every component in the package (faster start).
  lazyCodeLoading: 'requiredComponents',
};

export default defineAppConfig(config);
