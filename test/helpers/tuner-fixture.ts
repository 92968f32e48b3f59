/**
 * A small hand-made metrics file for the tuner's tests: page view 3 with a leave-risk table (`joint`,
 * the issue 17 contract) of six populated bins, page view 1 without one (as older files). 1,000
 * sessions and 100 buyers at page view 3, so the hand computations stay readable:
 *
 *   probability bin a (p in [a/100, (a+1)/100)), leave-risk bin b (l in [b/10, (b+1)/10)): sessions, buyers
 *   a=5  b=1: 300, 3      a=5  b=6: 200, 2
 *   a=20 b=2: 100, 5      a=20 b=7: 100, 10
 *   a=50 b=0: 200, 60     a=80 b=9: 100, 20
 */
import type { ThresholdRow } from '../../model/src/evaluation/curves';
import type { PageViewMetrics } from '../../examples/tuner/model.js';

export const FIXTURE_BINS: [a: number, b: number, sessions: number, buyers: number][] = [
  [5, 1, 300, 3],
  [5, 6, 200, 2],
  [20, 2, 100, 5],
  [20, 7, 100, 10],
  [50, 0, 200, 60],
  [80, 9, 100, 20],
];

const grid = (): number[][] => Array.from({ length: 100 }, () => Array<number>(10).fill(0));

/** The joint table of {@link FIXTURE_BINS}. */
export function fixtureJoint() {
  const sessions = grid();
  const purchases = grid();
  for (const [a, b, n, k] of FIXTURE_BINS) {
    sessions[a][b] = n;
    purchases[a][b] = k;
  }
  return { probabilityBins: 100, leaveRiskBins: 10, sessions, purchases };
}

/** The threshold table (0.01..0.99) of the bins, counted directly: p < t keeps the bins a < 100 t. */
export function fixtureTable(bins = FIXTURE_BINS): ThresholdRow[] {
  const all = bins.reduce((s, x) => s + x[2], 0);
  const buyers = bins.reduce((s, x) => s + x[3], 0);
  return Array.from({ length: 99 }, (_, i) => {
    const k = i + 1;
    const below = bins.filter(([a]) => a < k);
    const n = below.reduce((s, x) => s + x[2], 0);
    const p = below.reduce((s, x) => s + x[3], 0);
    return {
      threshold: k / 100,
      shareBelow: n / all,
      purchaseRateBelow: n ? p / n : 0,
      nonBuyersReached: (n - p) / (all - buyers),
      buyersReached: p / buyers,
    };
  });
}

/** The whole fixture file, shaped like a model folder's metrics.json as far as the tuner reads it. */
export function fixtureMetrics() {
  const pageView = (at: number | 'last', joint: boolean): PageViewMetrics => ({
    at,
    sessions: 1000,
    purchases: 100,
    model: { rocAuc: 0.8, ece: 0.01, meanPredicted: 0.1 },
    thresholdTable: fixtureTable(),
    reliability: [{ lower: 0, upper: 0.1, count: 500, meanProbability: 0.05, purchaseRate: 0.01 }],
    ...(joint ? { joint: fixtureJoint(), leaveRisk: { model: { rocAuc: 0.71, ece: 0.02 } } } : {}),
  });
  return {
    schemaVersion: 3,
    variant: 'full',
    modelVersion: 'full-fixture',
    evaluation: { folds: 5 },
    pageViews: [pageView(1, false), pageView(3, true), pageView('last', false)],
  };
}
