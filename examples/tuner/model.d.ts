// Types of model.js for the TypeScript tests (examples are plain JS, not compiled).
import type { ThresholdRow } from '../../model/src/evaluation/curves';
import type { Joint } from './gate.js';

export type { ThresholdRow };
export interface TunerMetrics {
  thresholdTable: ThresholdRow[];
  data: { rows: number; purchases: number };
}
export interface PageViewMetrics {
  at: number | 'last';
  sessions: number;
  purchases: number;
  thresholdTable: ThresholdRow[];
  reliability: unknown[];
  model: { rocAuc: number; ece: number; meanPredicted: number };
  /** Sessions and buyers by probability and leave-risk bin (issue 17); absent in older files. */
  joint?: Joint;
  /** The leave-risk model's out-of-fold metrics at this page view (issue 17); absent in older files, null at the last page view (every session leaves there: nothing to rank). */
  leaveRisk?: { model: { rocAuc: number; ece: number } } | null;
}
export function reportedPageViews(metrics: { pageViews: PageViewMetrics[] }): number[];
export function pageViewFor(metrics: { pageViews: PageViewMetrics[] }, minPageViews: number): number;
export function atPageView(metrics: { pageViews: PageViewMetrics[] }, k: number): TunerMetrics & PageViewMetrics;
export interface Tier {
  id: string;
  below: number;
}
export type TierRow<T extends Tier = Tier> = T & {
  share: number;
  offered: number;
  boughtAnyway: number;
  nonBuyersReached: number;
  buyersReached: number;
};
export interface TierTotal {
  share: number;
  offered: number;
  boughtAnyway: number;
  nonBuyersReached: number;
  buyersReached: number;
  buyersOffered: number;
}
export function curveAt(metrics: TunerMetrics, t: number): ThresholdRow;
export function tierShares<T extends Tier>(
  metrics: TunerMetrics,
  tiers: T[],
  holdout: number,
): { tiers: TierRow<T>[]; total: TierTotal };
export function tierSharesOn<T extends Tier>(
  curve: (t: number) => ThresholdRow,
  tiers: T[],
  holdout: number,
): { tiers: TierRow<T>[]; total: TierTotal };
export function parseOfferFields(text: string): { fields: Record<string, unknown> } | { problem: string };
export function buildConfig(input: {
  tiers: (Tier & { fields?: Record<string, unknown> })[];
  minPageViews: number;
  holdout: number;
  maxOffersPerSession?: number;
  cooldownDays?: number;
  trigger?: 'pageview' | 'exit-intent';
  minLeaveRisk?: number;
}): Record<string, unknown>;
export function tierWarnings(tiers: Tier[]): string[];
export function percent(x: number): string;
