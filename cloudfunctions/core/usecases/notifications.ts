/**
 * Delivering notifications: the message centre always, WeChat when there is a credit; retries by the timer.
 * NOTE: each notification has a fixed id (from the effect that carries it): storing it twice stores it once, and
 * only the worker whose write created it (or claimed its retry) sends it, so nothing is sent twice. A send cut off
 * mid-flight is marked failed, never repeated: WeChat offers no idempotency key.
 * NOTE: a failed WeChat send never fails anything; a failed database write throws, so the effect stays pending.
 */
import type { CommunityConfig } from '../community';
import type { Delivery, Outgoing } from '../notify';
import { PERMANENT_ERRORS, backoffMs, toSubscribeMessage } from '../notify';
import type { Deps, MessageRecord, SendOutcome } from '../ports';

/** How long a send may be in flight before it counts as interrupted (longer than any function's timeout). */
export const SEND_LEASE_MS = 2 * 60_000;

const IN_APP: Delivery = { status: 'in-app', attempts: 0, nextAttemptAt: null, errCode: null };

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

type Ports = Pick<Deps, 'notifier' | 'subscriptions' | 'messages'>;

async function send(deps: Ports, m: MessageRecord, attempts: number, now: Date): Promise<Delivery> {
  // A thrown send (network down) is a transient failure: the timer retries it.
  const outcome = await deps.notifier.send(m.wechat!).catch((): SendOutcome => ({ ok: false, errCode: -1, errMsg: 'send threw' }));
  if (!outcome.ok && outcome.errCode === 43101) await deps.subscriptions.clear(m.touser, m.wechat!.templateId);
  const d = afterAttempt(outcome, attempts, now);
  await deps.messages.setDelivery(m.id, d);
  return d;
}

/** Put each notification (id → what) in its recipient's message centre, and send it through WeChat with a credit. */
export async function deliver(deps: Ports, items: Array<{ id: string; o: Outgoing }>, community: CommunityConfig, now: Date): Promise<void> {
  for (const { id, o } of items) {
    const templateId = o.template ? community.templates[o.template] : '';
    const wechat = templateId ? toSubscribeMessage(o, templateId) : null;
    const m: MessageRecord = {
      id,
      touser: o.touser,
      caseId: o.caseId,
      title: o.title,
      text: o.text,
      at: now,
      read: false,
      wechat,
      delivery: wechat ? { status: 'sending', attempts: 0, nextAttemptAt: new Date(now.getTime() + SEND_LEASE_MS), errCode: null } : IN_APP,
    };
    if (!(await deps.messages.add(m)) || !wechat) continue; // stored before: its first writer owns the send
    if (!(await deps.subscriptions.take(o.touser, wechat.templateId))) {
      await deps.messages.setDelivery(id, { status: 'no-credit', attempts: 0, nextAttemptAt: null, errCode: null });
      continue;
    }
    await send(deps, m, 1, now);
  }
}

/** What one retry pass did. */
export interface RetryReport {
  retried: number;
  sent: number;
  failed: number;
}

/** Retry WeChat deliveries whose backoff has passed (the credit was taken at the first attempt); close interrupted sends. */
export async function retryDeliveries(deps: Ports, now: Date, limit = 100): Promise<RetryReport> {
  const report: RetryReport = { retried: 0, sent: 0, failed: 0 };
  const due: MessageRecord[] = await deps.messages.dueForRetry(now, limit);
  for (const m of due) {
    if (m.delivery.status === 'sending') {
      // Cut off mid-send long ago: WeChat may have it already. Never send twice.
      await deps.messages.setDelivery(m.id, { ...m.delivery, status: 'failed', nextAttemptAt: null });
      report.failed++;
      continue;
    }
    if (!m.wechat || !(await deps.messages.claimRetry(m.id, m.delivery.attempts, new Date(now.getTime() + SEND_LEASE_MS)))) continue;
    report.retried++;
    const d = await send(deps, m, m.delivery.attempts + 1, now);
    if (d.status === 'sent') report.sent++;
    if (d.status === 'failed' || d.status === 'no-credit') report.failed++;
  }
  return report;
}
