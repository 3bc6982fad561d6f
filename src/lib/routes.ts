/** Page paths in one place, so a moved page breaks one line, not many. */
export const routes = {
  home: '/pages/index/index',
  report: '/pages/report/index',
  /** The report form opened from home's 「紧急情况」: the call-now sheet first, the emergency category chosen. */
  reportEmergency: '/pages/report/index?emergency=1',
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
  reports: '/pages-office/reports/index',
  /** 志愿服务记录 (`pages-office`): a member's month; without an id, the caller's own. */
  serviceRecordOf: (memberId?: string) =>
    memberId ? `/pages-office/service-record/index?id=${encodeURIComponent(memberId)}` : '/pages-office/service-record/index',
  /** 输入邀请码: anyone takes the role an invite code grants (main package). */
  join: '/pages/join/index',
  /** The admin pages, in the `pages-admin` subpackage. */
  admin: '/pages-admin/index/index',
  adminInvites: '/pages-admin/invites/index',
  adminRota: '/pages-admin/rota/index',
  adminConfig: '/pages-admin/config/index',
  adminAudit: '/pages-admin/audit/index',
  /** 楼道二维码: printable posters and door labels whose codes open the report with the place filled in. */
  adminPosters: '/pages-admin/posters/index',
  adminPersonOf: (personId: string) => `/pages-admin/person/index?id=${encodeURIComponent(personId)}`,
  /** 家人的地址 (`pages-family`): the places a resident reports for someone else. */
  familyPlaces: '/pages-family/places/index',
  /** The same, opened from the report page: the new-place form at once, back to the report when saved. */
  familyPlacesAdd: '/pages-family/places/index?add=1',
  /** H5 local mode only. */
  devSwitch: '/pages/dev-switch/index',
  caseOf: (caseId: string) => `/pages/case/index?id=${encodeURIComponent(caseId)}`,
  /** The case page opened right after 提交: it shows the receipt (「收到了」, the number, who and by when, what next). */
  caseAfterSubmit: (caseId: string) => `/pages/case/index?id=${encodeURIComponent(caseId)}&submitted=1`,
} as const;
