// Types of model.js for the TypeScript end-to-end test (examples are plain JS, not compiled).
import type { ThresholdRow } from '../../model/src/evaluation/curves';

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
}
export function reportedPageViews(metrics: { pageViews: PageViewMetrics[] }): number[];
export function pageViewFor(metrics: { pageViews: PageViewMetrics[] }, minPageViews: number): number;
export function atPageView(metrics: { pageViews: PageViewMetrics[] }, k: number): TunerMetrics & PageViewMetrics;
export interface Tier {
  id: string;
  below: number;
}
export interface TierRow extends Tier {
  share: number;
  offered: number;
  boughtAnyway: number;
  nonBuyersReached: number;
}
export function curveAt(metrics: TunerMetrics, t: number): ThresholdRow;
export function tierShares(
  metrics: TunerMetrics,
  tiers: Tier[],
  holdout: number,
): {
  tiers: TierRow[];
  total: { share: number; offered: number; boughtAnyway: number; nonBuyersReached: number };
};
export function buildConfig(input: {
  tiers: Tier[];
  minPageViews: number;
  holdout: number;
  maxOffersPerSession?: number;
  cooldownDays?: number;
}): Record<string, unknown>;
export function tierWarnings(tiers: Tier[]): string[];
export function percent(x: number): string;
