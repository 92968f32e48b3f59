/**
 * Every reason why no offer fires, in one place. The gates before scoring spare the model when the
 * answer is known already; `decide` (./policy.ts) applies the rest, and the same per-session ones
 * again inside the transaction, where another tab may have changed the session.
 */
import type { SessionState, StoredState } from '../session/types';
import type { PolicySettings } from './policy';

/** The settings the gates before scoring read. */
export interface GateSettings extends Pick<PolicySettings, 'offers' | 'maxOffersPerSession'> {
  minPageViews: number;
  minSessionSeconds: number;
  /** Why a bad config file blocks every offer, naming the file and its status ('' or absent when none does). */
  blocked?: string;
}

/** Reasons with no detail of their own. */
export const REASONS = {
  noSession: 'no session',
  engagement: 'engagement gates not passed',
  noOffer: 'no offer configured',
  purchased: 'purchased',
  cap: 'per-session cap reached',
  cooldown: 'cooldown after an earlier offer',
  sessionChanged: 'the session changed while scoring',
  noLeaveRisk: 'minLeaveRisk is set but the model gives no leave risk (no leave-risk model)',
} as const;

/** No offer after the visit bought something. */
export const purchasedGate = (s: SessionState): string => (s.purchased ? REASONS.purchased : '');

/** Offers and holdout decisions count alike against the per-session cap. */
export const capGate = (s: SessionState, settings: Pick<PolicySettings, 'maxOffersPerSession'>): string =>
  s.offers + s.holdouts >= settings.maxOffersPerSession ? REASONS.cap : '';

/** No offer within the cooldown after an offer in an earlier session of the visitor. */
export function cooldownGate(
  state: StoredState,
  s: SessionState,
  settings: Pick<PolicySettings, 'cooldownDays'>,
  now: number,
): string {
  const v = state.visitor;
  return v.lastOfferSession && v.lastOfferSession !== s.id && now - v.lastOfferAt < settings.cooldownDays * 86_400_000
    ? REASONS.cooldown
    : '';
}

/** The probability matches no offer (offers are sorted, lowest first). */
export const aboveEveryOffer = (probability: number): string =>
  `probability ${probability.toFixed(3)} is above every offer`;

/** With `minLeaveRisk`, an offer only for visitors likely enough to leave; none without a leave-risk model (fail safe). */
export function leaveRiskGate(leaveRisk: number | null, settings: Pick<PolicySettings, 'minLeaveRisk'>): string {
  const min = settings.minLeaveRisk;
  if (min === undefined) return '';
  if (leaveRisk === null) return REASONS.noLeaveRisk;
  return leaveRisk < min ? `leave risk ${leaveRisk.toFixed(3)} is below minLeaveRisk ${min.toFixed(3)}` : '';
}

/**
 * Why the session cannot get an offer whatever its score, or '' when it is worth scoring. A blocked
 * config file comes first: it is the cause whatever the session, and the one a developer must fix.
 */
export function gateBeforeScoring(s: SessionState, settings: GateSettings, now: number): string {
  if (settings.blocked) return settings.blocked;
  if (s.views < settings.minPageViews || (now - s.startedAt) / 1000 < settings.minSessionSeconds)
    return REASONS.engagement;
  if (settings.offers.length === 0) return REASONS.noOffer;
  return purchasedGate(s) || capGate(s, settings);
}
