/**
 * Effects that travel with a state change: what must happen because a case moved (alerts and messages, a
 * subscription-credit record, the remembered place, the member's claim-cap slot, a removed photo's file). They are recorded as pending in
 * the same conditional write that changes the case, then completed by the request, by its retry, or by the timer.
 * NOTE: completing an effect twice must do nothing the second time: each carries an id that the store it touches
 * uses as its own key (message ids, credit grant ids, slot keys).
 */
import type { SubscribeAnswer } from '../../types/api';
import type { Place } from '../../types/domain';
import type { Actor, Case } from './Case';
import type { Outgoing } from './notify';
import { toFollowers } from './notify';

interface EffectBase {
  /** Unique within its case: `e<version>_<n>`. */
  id: string;
  /** The case version whose write recorded it. */
  v: number;
  /** When the timer may complete it, if the request that recorded it has not (a grace period after the write). */
  due: Date;
}

export type EffectBody =
  /** Message-centre entries and WeChat sends. `key` names the messages when several cases share them (a shift digest). */
  | { kind: 'notify'; items: Outgoing[]; key?: string }
  /** A subscribe prompt's answers, recorded as credits once. */
  | { kind: 'credit'; personId: string; answers: Record<string, SubscribeAnswer> }
  /** Where the reporter reported from, offered next time. */
  | { kind: 'place'; personId: string; place: Place }
  /** A member's claim-cap slot for this case: taken (a case handed back to its holder) or freed (no longer held). */
  | { kind: 'slot'; op: 'take' | 'free'; memberId: string }
  /** A photo taken off the case (it failed WeChat's content check): delete its file from storage. */
  | { kind: 'file'; op: 'delete'; fileID: string }
  /**
   * This case (a duplicate) was merged into `into`: the kept case takes in its people as followers and notes the merge
   * in its timeline, once (the kept case lists the duplicate in `mergedFrom`; a second completion finds it there).
   */
  | { kind: 'merge'; into: string; from: { id: string; code: string; reporterId: string; followers: string[] }; by: Actor };

export type Effect = EffectBase & EffectBody;

/** How long after a write its effects are left to the request before the timer completes them. */
export const EFFECT_GRACE_MS = 60_000;

/**
 * `next` with `bodies` recorded as pending effects of its version, written at `now` (unfinished earlier ones stay).
 * NOTE: the reporter's messages go to the case's followers too (notify.ts `toFollowers`), recorded in the same write.
 */
export function withEffects<C extends Case>(next: C, bodies: EffectBody[], now: Date): C {
  const due = new Date(now.getTime() + EFFECT_GRACE_MS);
  const told = bodies.map((b) => (b.kind === 'notify' ? { ...b, items: toFollowers(next, b.items) } : b));
  const fresh = told.map((b, i) => ({ ...b, id: `e${next.version}_${i}`, v: next.version, due }) as Effect);
  return { ...next, effects: [...next.effects, ...fresh] };
}

/** The member holding a studio case (the claim cap counts these), or null. */
export function slotHolder(c: Case): string | null {
  return c.status === 'claimed' && c.routing.target === 'studio' ? c.holder.id : null;
}

/**
 * Slot changes between two states of a case: free the old holder's slot, take the new holder's. `reserved` names a
 * holder whose slot was reserved before the write (a claim or hand-over under the cap), so it needs no take.
 */
export function slotEffects(before: Case | null, after: Case, reserved: string | null = null): EffectBody[] {
  const was = before ? slotHolder(before) : null;
  const is = slotHolder(after);
  const out: EffectBody[] = [];
  if (was && was !== is) out.push({ kind: 'slot', op: 'free', memberId: was });
  if (is && is !== was && is !== reserved) out.push({ kind: 'slot', op: 'take', memberId: is });
  return out;
}

/** Effects recorded by this version's write (the others were recorded, and are stored, already). */
export function effectsOf(c: Case): Effect[] {
  return c.effects.filter((e) => e.v === c.version);
}
