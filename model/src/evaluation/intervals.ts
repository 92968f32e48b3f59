/**
 * 95% confidence intervals for purchase rates, their differences and ROC AUC, in closed form so that each
 * can be checked by hand (test/unit/uplift.test.ts): the Wilson score interval for a proportion,
 * and Newcombe's hybrid score interval ("method 10", Newcombe 1998, Statistics in Medicine
 * 17:873-890) for a difference of two independent proportions; and DeLong's interval for a ROC AUC
 * (checked in test/unit/metrics.test.ts).
 */
import { midRanks } from './metrics';

/** The normal quantile of a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/** A closed interval. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval of a proportion `x / n`:
 * (x + z²/2) / (n + z²)  ±  z / (n + z²) · sqrt(x (n - x) / n + z²/4).
 * Throws for n = 0, which has no rate.
 */
export function wilson(x: number, n: number, z = Z95): Interval {
  if (!(n > 0) || x < 0 || x > n) throw new RangeError(`wilson: need 0 <= x <= n and n > 0, got x=${x}, n=${n}`);
  const z2 = z * z;
  const centre = (x + z2 / 2) / (n + z2);
  const half = (z / (n + z2)) * Math.sqrt((x * (n - x)) / n + z2 / 4);
  // Clamp rounding only: mathematically the interval is inside [0, 1].
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Newcombe's hybrid score interval of p1 - p2, with (l_i, u_i) the Wilson interval of p_i:
 * low = d - sqrt((p1 - l1)² + (u2 - p2)²), high = d + sqrt((u1 - p1)² + (p2 - l2)²).
 */
export function newcombe(x1: number, n1: number, x2: number, n2: number, z = Z95): Interval & { difference: number } {
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const a = wilson(x1, n1, z);
  const b = wilson(x2, n2, z);
  const d = p1 - p2;
  return { difference: d, low: d - Math.hypot(p1 - a.low, b.high - p2), high: d + Math.hypot(a.high - p1, p2 - b.low) };
}

/**
 * DeLong's interval (95% by default) for the ROC AUC of scores `p` against 0/1 labels `y` (DeLong, DeLong &
 * Clarke-Pearson 1988, Biometrics 44:837-845), with the mid-rank shortcut of Sun & Xu 2014: each
 * positive's share of negatives it outscores (ties count one half) is V10, each negative's share of
 * positives that outscore it is V01, and Var(AUC) = var(V10) / m + var(V01) / n. It covers the
 * sampling of these sessions, not the randomness of training. Clamped to [0, 1]; NaN without both classes.
 */
export function rocAucInterval(y: readonly number[], p: ArrayLike<number>, z = Z95): Interval & { auc: number } {
  const all = midRanks(p);
  const posIdx = y.flatMap((v, i) => (v === 1 ? [i] : []));
  const negIdx = y.flatMap((v, i) => (v === 1 ? [] : [i]));
  const m = posIdx.length,
    n = negIdx.length;
  if (m === 0 || n === 0) return { auc: NaN, low: NaN, high: NaN };
  const within = (idx: number[]) => midRanks(idx.map((i) => p[i]));
  const posRanks = within(posIdx),
    negRanks = within(negIdx);
  // Rank among all minus rank among its own class = how many of the other class lie below (ties: half).
  const v10 = posIdx.map((i, k) => (all[i] - posRanks[k]) / n);
  const v01 = negIdx.map((i, k) => 1 - (all[i] - negRanks[k]) / m);
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  const variance = (a: number[], mu: number) =>
    a.length < 2 ? 0 : a.reduce((s, x) => s + (x - mu) ** 2, 0) / (a.length - 1);
  const auc = mean(v10);
  const se = Math.sqrt(variance(v10, auc) / m + variance(v01, mean(v01)) / n);
  return { auc, low: Math.max(0, auc - z * se), high: Math.min(1, auc + z * se) };
}
