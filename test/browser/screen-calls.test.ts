/**
 * Every screen loads with at most one cloud call (issue 10): each page of each role opened afresh in the H5 build,
 * counting the cloud function requests until the network is quiet. Prints the table.
 */
import type { CaseView } from '../../types/domain';
import { browserAvailable, cloudPage } from '../support/browser';
import { DEMO } from '../support/local-cloud';

const T27 = '2026-11-27T10:00:00+08:00'; // group 3 on duty
const run = browserAvailable() ? describe : describe.skip;

run('cloud calls per screen', () => {
  const calls: string[] = [];
  const app = cloudPage({ now: T27, timers: false }, (page) => {
    page.on('request', (r) => {
      const m = /\/fn\/([^/?]+)/.exec(r.url());
      if (m) calls.push(`${m[1]}.${(JSON.parse(r.postData() ?? '{}') as { action?: string }).action ?? '?'}`);
    });
  });

  /** Open `route` in a fresh app (no cached session) and list the cloud calls its first screen made. */
  async function load(route: string): Promise<string[]> {
    await app.page.goto('about:blank');
    calls.length = 0;
    await app.page.goto(`${app.cloud.url}#/${route}`);
    await app.page.waitForLoadState('networkidle');
    await app.page.waitForTimeout(500);
    return [...calls];
  }

  it('each page of each role: at most one cloud call', async () => {
    const filed = await app.cloud.call<CaseView>(
      'cases',
      'submit',
      { categoryId: 'repair', description: '楼道灯坏了好几天了', place: { compoundId: 'hubin', building: '5幢', unit: '101' } },
      DEMO.li,
    );
    if (!filed.ok) throw new Error(JSON.stringify(filed));
    const caseId = filed.data.id;
    const screens: Array<[string, string, string[]]> = [
      [
        DEMO.li,
        '居民',
        ['pages/index/index', 'pages/report/index', 'pages/my-cases/index', `pages/case/index?id=${caseId}`, 'pages/messages/index', 'pages/join/index'],
      ],
      [DEMO.gu, '值班成员', ['pages/index/index', 'pages-member/duty/index', 'pages-member/intake/index', `pages/case/index?id=${caseId}`]],
      [DEMO.office, '社区', ['pages/index/index', 'pages-office/queues/index', 'pages-office/dashboard/index', `pages/case/index?id=${caseId}`]],
      [
        DEMO.admin,
        '管理员',
        [
          'pages-admin/index/index',
          'pages-admin/invites/index',
          `pages-admin/person/index?id=${DEMO.wang}`,
          'pages-admin/rota/index',
          'pages-admin/config/index',
          'pages-admin/audit/index',
        ],
      ],
    ];
    const table: string[] = [];
    const over: string[] = [];
    for (const [openid, role, routes] of screens) {
      await app.page.goto('about:blank');
      await app.actAs(openid);
      for (const route of routes) {
        const made = await load(route);
        table.push(`  ${role.padEnd(5, '　')} ${route.split('?')[0].padEnd(28)} ${made.length}  ${made.join(', ')}`);
        if (made.length > 1) over.push(`${role} ${route}: ${made.join(', ')}`);
      }
    }
    console.log(`cloud calls per screen (fresh load):\n${table.join('\n')}`);
    expect(over).toEqual([]);
    expect(table).toHaveLength(20);
  }, 180_000);
});
