/**
 * Delivering notifications: the message centre always, WeChat when there is a credit; retries by the timer.
 * NOTE: never throws — a case's state never depends on a message being sent.
 */
import type { CommunityConfig } from '../community';
import type { Delivery, Outgoing } from '../notify';
import { PERMANENT_ERRORS, backoffMs, toSubscribeMessage } from '../notify';
import type { Deps, MessageRecord, SendOutcome } from '../ports';

function afterAttempt(outcome: SendOutcome, attempts: number, now: Date): Delivery {
  if (outcome.ok) return { status: 'sent', attempts, nextAttemptAt: null, errCode: null };
  if (PERMANENT_ERRORS.has(outcome.errCode)) {
    return { status: outcome.errCode === 43101 ? 'no-credit' : 'failed', attempts, nextAttemptAt: null, errCode: outcome.errCode };
  }
  const wait = backoffMs(attempts);
  return wait === null
    ? { status: 'failed', attempts, nextAttemptAt: null, errCode: outcome.errCode }
    : { status: 'retrying', attempts, nextAttemptAt: new Date(now.getTime() + wait), errCode: outcome.errCode };
}

/** Put each notification in its recipient's message centre and send it through WeChat when they have a credit. */
export async function deliver(
  deps: Pick<Deps, 'notifier' | 'subscriptions' | 'messages'>,
  items: Outgoing[],
  community: CommunityConfig,
  now: Date,
): Promise<void> {
  for (const o of items) {
    try {
      const templateId = community.templates[o.template];
      let delivery: Delivery = { status: 'in-app', attempts: 0, nextAttemptAt: null, errCode: null };
      const wechat = templateId ? toSubscribeMessage(o, templateId) : null;
      if (wechat) {
        if (!(await deps.subscriptions.take(o.touser, wechat.templateId))) {
          delivery = { status: 'no-credit', attempts: 0, nextAttemptAt: null, errCode: null };
        } else {
          // A thrown send (network down) is a transient failure: the timer retries it.
          const outcome = await deps.notifier.send(wechat).catch((): SendOutcome => ({ ok: false, errCode: -1, errMsg: 'send threw' }));
          if (!outcome.ok && outcome.errCode === 43101) await deps.subscriptions.clear(o.touser, wechat.templateId);
          delivery = afterAttempt(outcome, 1, now);
        }
      }
      await deps.messages.add({ touser: o.touser, caseId: o.caseId, title: o.title, text: o.text, at: now, read: false, wechat, delivery });
    } catch (err) {
      console.error('[notify] delivery failed, the case is unaffected:', err);
    }
  }
}

/** What one retry pass did. */
export interface RetryReport {
  retried: number;
  sent: number;
  failed: number;
}

/** Retry WeChat deliveries whose backoff has passed (the credit was taken at the first attempt). */
export async function retryDeliveries(deps: Pick<Deps, 'notifier' | 'messages'>, now: Date, limit = 100): Promise<RetryReport> {
  const report: RetryReport = { retried: 0, sent: 0, failed: 0 };
  const due: MessageRecord[] = await deps.messages.dueForRetry(now, limit);
  for (const m of due) {
    if (!m.wechat) continue;
    report.retried++;
    const outcome = await deps.notifier.send(m.wechat).catch((): SendOutcome => ({ ok: false, errCode: -1, errMsg: 'send threw' }));
    const d = afterAttempt(outcome, m.delivery.attempts + 1, now);
    if (d.status === 'sent') report.sent++;
    if (d.status === 'failed' || d.status === 'no-credit') report.failed++;
    await deps.messages.setDelivery(m.id, d);
  }
  return report;
}
