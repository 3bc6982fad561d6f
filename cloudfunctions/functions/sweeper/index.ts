/**
 * Cloud function `sweeper`: the SLA clock and WeChat delivery retries, run by a timer trigger every 5 minutes
 * (config.json, UTC+8).
 * Only the platform's timer may run it: a call from a client (with an OPENID) is refused.
 */
import { wxDeps } from '../../adapters/wx/deps';
import { reportRenderer } from '../../reports/renderer';
import { caller } from '../../adapters/wx/sdk';
import { ForbiddenError } from '../../core/errors';
import { timerTick } from '../../core/usecases';
import type { ApiResult } from '../../../types/result';
import type { SweepReport } from '../../core/usecases';
import { schemas } from '../../runtime/schemas';

/** Timer events carry no action; this function has one job. */
export async function main(event: unknown): Promise<ApiResult<SweepReport>> {
  const who = caller();
  const parsed = schemas.timer.safeParse(event);
  if (who.openid || !parsed.success) {
    const err = new ForbiddenError('只有定时器可以运行超时检查');
    return { ok: false, error: { code: err.code, message: err.message } };
  }
  try {
    const deps = wxDeps({ reportFiles: reportRenderer });
    const report = await timerTick(deps);
    console.log(`[sweeper] ${parsed.data.TriggerName} ${JSON.stringify(report)}`);
    // A new 通报: its links in the log (in the local cloud they open from the terminal).
    for (const id of report.reportsMade ?? []) {
      const stored = await deps.reports.ofId(id);
      if (!stored) continue;
      const [page, excel] = await deps.files.urls([stored.htmlFileID, stored.xlsxFileID]);
      console.log(`[sweeper] 通报已生成「${stored.title}」 打印版：${page} Excel：${excel}`);
    }
    return { ok: true, data: report };
  } catch (err) {
    console.error('[sweeper]', err);
    return { ok: false, error: { code: 'INTERNAL', message: '超时检查出错，下次定时会重试' } };
  }
}
