import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  atThreshold,
  averagePrecision,
  bestF1Threshold,
  brier,
  expectedCalibrationError,
  reliabilityBins,
  rocAuc,
} from '../../model/src/evaluation/metrics';
import { rocAucInterval, Z95 } from '../../model/src/evaluation/intervals';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} != ${b}`);

test('ROC AUC counts tied scores as one half', () => {
  // Pairs (pos, neg): scores pos {0.8, 0.4}, neg {0.4, 0.1}. 0.8>0.4, 0.8>0.1, 0.4=0.4 (1/2), 0.4>0.1 -> 3.5/4.
  close(rocAuc([1, 1, 0, 0], [0.8, 0.4, 0.4, 0.1]), 3.5 / 4);
  close(rocAuc([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]), 0.5);
  close(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]), 1);
  assert.ok(Number.isNaN(rocAuc([1, 1], [0.2, 0.3])));
});

test('average precision sums precision at each recall step (scikit-learn definition)', () => {
  // Ranked: 0.9 (1), 0.8 (0), 0.7 (1), 0.1 (0): recall steps 1/2 at P=1, 1/2 at P=2/3.
  close(averagePrecision([1, 0, 1, 0], [0.9, 0.8, 0.7, 0.1]), 0.5 * 1 + 0.5 * (2 / 3));
  // A tie between a buyer and a non-buyer is one threshold: P = 1/2 at recall 1.
  close(averagePrecision([1, 0], [0.5, 0.5]), 0.5);
});

test('expected calibration error weights each of 10 bins by its share of rows', () => {
  // Bin [0.1,0.2): p 0.15, 0.15, y 0, 1 -> |0.5-0.15| = 0.35, weight 2/4. Bin [0.9,1]: p 0.95, 1.0, y 1, 1 -> |1-0.975| = 0.025, weight 2/4.
  const y = [0, 1, 1, 1];
  const p = [0.15, 0.15, 0.95, 1.0];
  close(expectedCalibrationError(y, p), 0.5 * 0.35 + 0.5 * 0.025);
  const bins = reliabilityBins(y, p);
  assert.equal(bins.length, 10);
  assert.equal(bins[9].count, 2, 'a probability of exactly 1 lands in the last bin');
  close(expectedCalibrationError([0, 1], [0, 1]), 0);
});

test('Brier score and threshold metrics match hand computation', () => {
  close(brier([1, 0], [0.8, 0.4]), (0.04 + 0.16) / 2);
  const m = atThreshold([1, 1, 0, 0], [0.9, 0.3, 0.6, 0.1], 0.5);
  close(m.precision, 0.5);
  close(m.recall, 0.5);
  close(m.f1, 0.5);
  close(m.accuracy, 0.5);
  assert.equal(bestF1Threshold([1, 1, 0, 0], [0.9, 0.7, 0.6, 0.1]), 0.7);
});

test('DeLong ROC AUC interval matches the hand computation, with a tie and the clamp at 1', () => {
  // Positives 0.8, 0.4; negatives 0.4, 0.2, 0.1. V10 = [1, 2.5/3], V01 = [0.75, 1, 1]:
  // AUC = 11/12; var(V10) = 1/72, var(V01) = 1/48; Var(AUC) = (1/72)/2 + (1/48)/3 = 1/72.
  const r = rocAucInterval([1, 0, 1, 0, 0], [0.8, 0.4, 0.4, 0.2, 0.1]);
  close(r.auc, 11 / 12);
  close(r.low, 11 / 12 - Z95 * Math.sqrt(1 / 72));
  assert.equal(r.high, 1);
  assert.ok(Number.isNaN(rocAucInterval([1, 1], [0.2, 0.3]).low));
});

test('DeLong ROC AUC interval agrees with the pairwise definition on tied random scores', () => {
  let s = 5;
  const random = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const y = Array.from({ length: 300 }, () => (random() < 0.2 ? 1 : 0));
  const p = y.map((v) => Math.round((random() + 0.3 * v) * 20) / 20); // coarse, so many ties
  const pos = p.filter((_, i) => y[i] === 1),
    neg = p.filter((_, i) => y[i] === 0);
  const psi = (a: number, b: number) => (a > b ? 1 : a === b ? 0.5 : 0);
  const v10 = pos.map((a) => neg.reduce((t, b) => t + psi(a, b), 0) / neg.length);
  const v01 = neg.map((b) => pos.reduce((t, a) => t + psi(a, b), 0) / pos.length);
  const mean = (a: number[]) => a.reduce((t, x) => t + x, 0) / a.length;
  const variance = (a: number[]) => a.reduce((t, x) => t + (x - mean(a)) ** 2, 0) / (a.length - 1);
  const se = Math.sqrt(variance(v10) / pos.length + variance(v01) / neg.length);
  const r = rocAucInterval(y, p);
  close(r.auc, rocAuc(y, p));
  close(r.low, mean(v10) - Z95 * se);
  close(r.high, mean(v10) + Z95 * se);
  assert.ok(r.low < r.auc && r.auc < r.high);
});
