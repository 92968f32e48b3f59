import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atThreshold, averagePrecision, bestF1Threshold, brier, expectedCalibrationError, reliabilityBins, rocAuc } from '../../model/src/metrics';

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
