/** Page paths in one place, so a moved page breaks one line, not many. */
export const routes = {
  home: '/pages/index/index',
  report: '/pages/report/index',
  myCases: '/pages/my-cases/index',
  /** The message centre: every notification, whether or not WeChat delivered it. */
  messages: '/pages/messages/index',
  /** Member workspace, in the `pages-member` subpackage. */
  duty: '/pages-member/duty/index',
  /** 代办: a member records a case for a resident without a smartphone (`pages-member`). */
  intake: '/pages-member/intake/index',
  /** Community office console, in the `pages-office` subpackage. */
  officeQueues: '/pages-office/queues/index',
  dashboard: '/pages-office/dashboard/index',
  /** H5 local mode only. */
  devSwitch: '/pages/dev-switch/index',
  caseOf: (caseId: string) => `/pages/case/index?id=${encodeURIComponent(caseId)}`,
} as const;
