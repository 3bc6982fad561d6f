/**
 * The 通报's timer part on the local database: a tick stopped between storing the files and the record leaves no
 * record, and the next tick makes it (one record per period, whatever the retries); a failing report never holds up
 * the SLA work of the tick. Periods and titles by the calendar.
 */
import * as uc from '../../cloudfunctions/core/usecases';
import { isoWeek, lastPeriods, reportTitle } from '../../cloudfunctions/core/usecases';
import type { Deps } from '../../cloudfunctions/core/ports';
import { jsonReportFiles } from '../fakes';
import { localDeps } from '../support/local-db';

function withFiles(deps: Deps, failAt: number[]) {
  let n = 0;
  const stored = new Map<string, Uint8Array | string>();
  const files = {
    ...deps.files,
    upload: async (path: string, content: Uint8Array | string) => {
      n++;
      if (failAt.includes(n)) throw new Error('the function was stopped (timeout)');
      stored.set(path, content);
      return `cloud://env/${path}`;
    },
  };
  return { deps: { ...deps, files, reportFiles: jsonReportFiles }, stored };
}

describe('the 通报 timer', () => {
  it('a tick stopped before the record leaves none; the next one makes the period’s report, once', async () => {
    const { deps: base } = await localDeps('2026-11-30T00:05:00+08:00');
    const { deps, stored } = withFiles(base, [2]); // the week's Excel file fails
    await expect(uc.makeDueReports(deps)).rejects.toThrow('stopped');
    expect(await deps.reports.recent(10)).toEqual([]);
    const made = await uc.makeDueReports(deps);
    expect(made.map((r) => r.id)).toEqual(['week_2026-11-23', 'month_2026-10']);
    expect(await uc.makeDueReports(deps)).toEqual([]);
    expect((await deps.reports.recent(10)).map((r) => r.id).sort()).toEqual(['month_2026-10', 'week_2026-11-23']);
    expect([...stored.keys()].sort()).toEqual([
      'reports/month_2026-10-01_2026-10-31.html',
      'reports/month_2026-10-01_2026-10-31.xlsx',
      'reports/week_2026-11-23_2026-11-29.html',
      'reports/week_2026-11-23_2026-11-29.xlsx',
    ]);
  });

  it('a failing report does not hold up the tick: the SLA work is done and the failure is reported', async () => {
    const { deps: base } = await localDeps('2026-11-30T00:05:00+08:00');
    const { deps } = withFiles(base, [1, 2, 3, 4]);
    const tick = await uc.timerTick(deps);
    expect(tick.reportsFailed).toContain('stopped');
    expect(tick.reportsMade).toBeUndefined();
    expect(tick).toMatchObject({ claimEscalated: 0, resolveEscalated: 0 });
  });

  it('periods and titles by the calendar', () => {
    expect(['2026-11-23', '2026-12-28', '2027-01-04', '2026-01-05', '2025-12-29'].map((d) => isoWeek(d))).toEqual([
      { year: 2026, week: 48 },
      { year: 2026, week: 53 },
      { year: 2027, week: 1 },
      { year: 2026, week: 2 },
      { year: 2026, week: 1 },
    ]);
    // Monday 2027-03-01: last week ends on Sunday 02-28, last month is February.
    expect(lastPeriods('2027-03-01')).toEqual([
      { kind: 'week', from: '2027-02-22', to: '2027-02-28' },
      { kind: 'month', from: '2027-02-01', to: '2027-02-28' },
    ]);
    expect(reportTitle('week', '2026-12-28', '2027-01-03')).toBe('2026年第53周通报（12月28日—1月3日）');
    expect(reportTitle('month', '2026-11-01', '2026-11-30')).toBe('2026年11月通报');
    expect(reportTitle('range', '2026-12-20', '2027-01-10')).toBe('2026年12月20日至2027年1月10日通报');
  });
});
