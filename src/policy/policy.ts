import type { StoredState } from '../session/types';
import type { HoldoutArm, Offer, Trigger } from '../types';
import { REASONS, aboveEveryOffer, capGate, cooldownGate, leaveRiskGate, purchasedGate } from './gates';

/** The policy's settings, already validated. */
export interface PolicySettings {
  offers: Offer[];
  maxOffersPerSession: number;
  cooldownDays: number;
  holdout: number;
  holdoutArm?: HoldoutArm;
  minLeaveRisk?: number;
}

/** What to do with one score. */
export type Decision =
  { action: 'offer' | 'holdout'; offer: Offer; arm: HoldoutArm } | { action: 'none'; reason: string };

/** The visitor's arm: forced by `holdoutArm`, else control when the sticky bucket is below `holdout`. */
export function armOf(state: StoredState, settings: Pick<PolicySettings, 'holdout' | 'holdoutArm'>): HoldoutArm {
  return settings.holdoutArm ?? (state.visitor.bucket < settings.holdout ? 'control' : 'treatment');
}

/**
 * Picks the offer for a probability: among offers whose `below` the probability is under, the one
 * with the lowest `below`. Nothing after a purchase, below `minLeaveRisk`, past the per-session
 * cap, or within the cooldown after an offer in an earlier session. The control arm gets a `holdout`
 * decision under the same rules, so both arms are counted alike.
 */
export function decide(
  probability: number,
  state: StoredState,
  settings: PolicySettings,
  now: number,
  leaveRisk: number | null = null,
): Decision {
  const s = state.session;
  if (!s) return { action: 'none', reason: REASONS.noSession };
  const offer = settings.offers.find((o) => probability < o.below); // offers are sorted, lowest first
  const reason =
    purchasedGate(s) ||
    (offer ? '' : aboveEveryOffer(probability)) ||
    leaveRiskGate(leaveRisk, settings) ||
    capGate(s, settings) ||
    cooldownGate(state, s, settings, now);
  if (reason || !offer) return { action: 'none', reason };
  const arm = armOf(state, settings);
  return { action: arm === 'control' ? 'holdout' : 'offer', offer, arm };
}

/** How a decision was delivered, for the export: the trigger, and the page view it was taken at (default: the current one). */
export interface Delivery {
  trigger: Trigger;
  pageIndex?: number;
}

/** Records a decision in the state (counts and cooldown, the decision list), so every tab sees it. */
export function recordDecision(
  state: StoredState,
  decision: Decision,
  now: number,
  delivery: Delivery = { trigger: 'pageview' },
): StoredState {
  if (decision.action === 'none' || !state.session) return state;
  const s = state.session;
  const entry: NonNullable<typeof s.decisions>[number] = [
    delivery.pageIndex ?? s.views,
    delivery.trigger === 'exit-intent' ? 1 : 0,
    decision.arm === 'control' ? 1 : 0,
    decision.offer.id,
  ];
  return {
    ...state,
    visitor: { ...state.visitor, lastOfferAt: now, lastOfferSession: s.id },
    session: {
      ...s,
      ...(decision.action === 'offer' ? { offers: s.offers + 1 } : { holdouts: s.holdouts + 1 }),
      offerIds: [...(s.offerIds ?? []), decision.offer.id].slice(-20),
      decisions: [...(s.decisions ?? []), entry].slice(-20),
    },
  };
}
