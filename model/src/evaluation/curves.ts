/**
 * What the tuner and the model card draw from a model's pooled out-of-fold predictions: the
 * threshold table and downsampled ROC and precision-recall curves.
 */
import { curvePoints } from './metrics';

/** One row of the threshold table the tuner draws. */
export interface ThresholdRow {
  threshold: number;
  /** Share of all sessions scored below the threshold (they would get the offer). */
  shareBelow: number;
  /** Among those, the share that bought anyway. */
  purchaseRateBelow: number;
  /** Share of all non-buyers that are below the threshold (reached by the offer). */
  nonBuyersReached: number;
  /** Share of all buyers that are below the threshold (discounts given away). */
  buyersReached: number;
}

/** For thresholds 0.01..0.99: what an offer below that probability would reach, from OOF predictions. */
export function thresholdTable(y: readonly number[], p: ArrayLike<number>): ThresholdRow[] {
  const n = y.length;
  const buyers = y.reduce((s, v) => s + v, 0);
  const rows: ThresholdRow[] = [];
  for (let k = 1; k <= 99; k++) {
    const t = k / 100;
    let below = 0,
      buyersBelow = 0;
    for (let i = 0; i < n; i++)
      if (p[i] < t) {
        below++;
        buyersBelow += y[i];
      }
    rows.push({
      threshold: t,
      shareBelow: below / n,
      purchaseRateBelow: below ? buyersBelow / below : 0,
      nonBuyersReached: (below - buyersBelow) / (n - buyers),
      buyersReached: buyersBelow / buyers,
    });
  }
  return rows;
}

/** Downsampled ROC and precision-recall curves for the model card's charts. */
export interface Curves {
  roc: [number, number][];
  pr: [number, number][];
}

/**
 * About `points` points of each curve, rounded to 4 decimals: enough for a 360 px chart, and
 * metrics.json stays small and diff-friendly.
 */
export function curves(y: readonly number[], p: ArrayLike<number>, points = 120): Curves {
  const pos = y.reduce((s, v) => s + v, 0);
  const neg = y.length - pos;
  const all = curvePoints(y, p);
  const step = Math.max(1, Math.floor(all.length / points));
  const kept = all.filter((_, i) => i % step === 0 || i === all.length - 1);
  const r = (x: number): number => Math.round(x * 1e4) / 1e4;
  return {
    roc: [[0, 0], ...kept.map((c): [number, number] => [r(c.fp / neg), r(c.tp / pos)])],
    pr: kept.map((c): [number, number] => [r(c.tp / pos), r(c.tp / (c.tp + c.fp))]),
  };
}
