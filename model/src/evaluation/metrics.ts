/**
 * Classification metrics on probabilities, written out so each can be checked against a hand
 * computation (test/unit/metrics.test.ts). `y` holds 0/1 labels, `p` probabilities.
 */

/** 1-based ranks of `values`, ties sharing the mean of their ranks (mid-ranks). */
export function midRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

/** ROC AUC as the Mann-Whitney statistic with mid-ranks, so tied scores count one half. */
export function rocAuc(y: readonly number[], p: ArrayLike<number>): number {
  const ranks = midRanks(p);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < y.length; i++)
    if (y[i] === 1) {
      rankSumPos += ranks[i];
      pos++;
    }
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Points of the ROC and precision-recall curves, one per distinct score, highest score first. */
export interface CurvePoint {
  threshold: number;
  tp: number;
  fp: number;
}

/** Cumulative true/false positives when predicting positive for every score >= threshold. */
export function curvePoints(y: readonly number[], p: ArrayLike<number>): CurvePoint[] {
  const order = Array.from(y.keys()).sort((a, b) => p[b] - p[a]);
  const out: CurvePoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (y[order[i]] === 1) tp++;
    else fp++;
    if (i + 1 === order.length || p[order[i + 1]] !== p[order[i]]) out.push({ threshold: p[order[i]], tp, fp });
  }
  return out;
}

/** Average precision: sum over thresholds of (R_n - R_{n-1}) * P_n, as scikit-learn defines it. */
export function averagePrecision(y: readonly number[], p: ArrayLike<number>): number {
  const pos = y.reduce((s, v) => s + v, 0);
  if (pos === 0) return NaN;
  let ap = 0;
  let prevRecall = 0;
  for (const { tp, fp } of curvePoints(y, p)) {
    const recall = tp / pos;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
  }
  return ap;
}

/** Threshold metrics when sessions with probability >= threshold are predicted to buy. */
export interface ThresholdMetrics {
  f1: number;
  precision: number;
  recall: number;
  accuracy: number;
}

/** Precision, recall, F1 and accuracy at one threshold (0/0 counts as 0). */
export function atThreshold(y: readonly number[], p: ArrayLike<number>, threshold: number): ThresholdMetrics {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  for (let i = 0; i < y.length; i++) {
    const predicted = p[i] >= threshold;
    if (predicted && y[i] === 1) tp++;
    else if (predicted) fp++;
    else if (y[i] === 1) fn++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall, accuracy: (tp + tn) / y.length };
}

/** The threshold among the observed scores that maximises F1 (the lowest such one on ties). */
export function bestF1Threshold(y: readonly number[], p: ArrayLike<number>): number {
  const pos = y.reduce((s, v) => s + v, 0);
  let best = { f1: -1, threshold: 0.5 };
  for (const { threshold, tp, fp } of curvePoints(y, p)) {
    const f1 = (2 * tp) / (tp + fp + pos);
    if (f1 >= best.f1) best = { f1, threshold };
  }
  return best.threshold;
}

/** Brier score: mean squared difference between probability and outcome. */
export function brier(y: readonly number[], p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i] - y[i]) ** 2;
  return s / y.length;
}

/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  meanProbability: number;
  purchaseRate: number;
}

/** Ten equal-width bins over [0, 1]; a probability of exactly 1 falls in the last bin. */
export function reliabilityBins(y: readonly number[], p: ArrayLike<number>, bins = 10): ReliabilityBin[] {
  const count = new Array<number>(bins).fill(0);
  const sumP = new Array<number>(bins).fill(0);
  const sumY = new Array<number>(bins).fill(0);
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(bins - 1, Math.floor(p[i] * bins));
    count[b]++;
    sumP[b] += p[i];
    sumY[b] += y[i];
  }
  return count.map((n, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: n,
    meanProbability: n ? sumP[b] / n : 0,
    purchaseRate: n ? sumY[b] / n : 0,
  }));
}

/** Expected calibration error: the count-weighted mean of |purchase rate - mean probability| per bin. */
export function expectedCalibrationError(y: readonly number[], p: ArrayLike<number>, bins = 10): number {
  return reliabilityBins(y, p, bins).reduce(
    (s, b) => s + (b.count / y.length) * Math.abs(b.purchaseRate - b.meanProbability),
    0,
  );
}

/** Every figure reported per model: ranking, threshold and calibration quality. */
export interface Scores extends ThresholdMetrics {
  rocAuc: number;
  prAuc: number;
  brier: number;
  ece: number;
  threshold: number;
}

/** All reported metrics for one set of predictions at a given decision threshold. */
export function scoreAll(y: readonly number[], p: ArrayLike<number>, threshold: number): Scores {
  return {
    rocAuc: rocAuc(y, p),
    prAuc: averagePrecision(y, p),
    ...atThreshold(y, p, threshold),
    brier: brier(y, p),
    ece: expectedCalibrationError(y, p),
    threshold,
  };
}
