import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initNodeBackend } from '../../model/src/learners/backend';
import { rocAuc } from '../../model/src/evaluation/metrics';
import { DEFAULT_NET, predict, toLayersModel, trainNet } from '../../model/src/learners/net';
import { rng, stratifiedFolds } from '../../model/src/data/random';
import { softTargets } from '../../model/src/learners/teacher';
import { DEFAULT_GBT } from '../../model/src/learners/gbt';

/** Two Gaussian blobs in 4 dimensions: class 1 is shifted along the first two. */
function blobs(n: number, seed: number): { X: Float32Array; y: number[] } {
  const random = rng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const X = new Float32Array(n * 4);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const cls = i % 4 === 0 ? 1 : 0;
    y.push(cls);
    for (let j = 0; j < 4; j++) X[i * 4 + j] = gauss() + (cls && j < 2 ? 2.5 : 0);
  }
  return { X, y };
}

test('a tiny training run separates a synthetic set and returns calibrated probabilities', async () => {
  await initNodeBackend();
  const train = blobs(1000, 1);
  const test = blobs(400, 3);
  const inner = stratifiedFolds(train.y, 3, 1);
  const cfg = { ...DEFAULT_NET, hidden: 4, maxEpochs: 60, patience: 5, batchSize: 128 };
  const { weights, crossFitted } = await trainNet(train.X, train.y, train.y, inner, 4, cfg);
  const model = toLayersModel(weights);
  const p = predict(model, test.X, test.y.length, 4);
  assert.ok(rocAuc(test.y, p) > 0.95, `AUC ${rocAuc(test.y, p)}`);
  const mean = p.reduce((s, x) => s + x, 0) / p.length;
  assert.ok(Math.abs(mean - 0.25) < 0.05, `mean probability ${mean} near the 25% base rate`);
  assert.equal(weights.hiddenSize, 12, 'one member per inner fold, folded into one hidden layer');
  assert.equal(weights.epochs.length, 3, 'each member keeps its own best epoch');
  assert.equal(crossFitted.length, train.y.length);
  assert.ok(rocAuc(train.y, crossFitted) > 0.95, 'cross-fitted probabilities rank the training rows too');
  model.dispose();
});

test('soft targets blend each label with a teacher probability from trees that never saw the row', async () => {
  const train = blobs(600, 6);
  const inner = stratifiedFolds(train.y, 3, 2);
  const gbt = { ...DEFAULT_GBT, maxTrees: 40, patience: 10 };
  const t = softTargets(train.X, train.y, inner, 4, { weight: 0.5, gbt });
  assert.equal(t.length, train.y.length);
  t.forEach((v, i) => {
    // Half the label plus half a probability: within [0, 0.5] for non-buyers, [0.5, 1] for buyers.
    assert.ok(train.y[i] ? v >= 0.5 && v <= 1 : v >= 0 && v <= 0.5, `row ${i}: ${v}`);
  });
  const teacher = t.map((v, i) => (v - 0.5 * train.y[i]) * 2);
  assert.ok(rocAuc(train.y, teacher) > 0.95, 'the teacher separates the blobs out of sample');
  assert.deepEqual(
    softTargets(train.X, train.y, inner, 4, { weight: 0, gbt }),
    train.y,
    'weight 0 turns the teacher off',
  );
  assert.throws(
    () =>
      softTargets(
        train.X,
        train.y,
        train.y.map((_, i) => i % 2),
        4,
        { weight: 0.5, gbt },
      ),
    /three inner folds/,
  );
});

test('training is deterministic: the same seed gives the same weights', async () => {
  await initNodeBackend();
  const train = blobs(300, 4);
  const inner = stratifiedFolds(train.y, 3, 3);
  const cfg = { ...DEFAULT_NET, hidden: 4, maxEpochs: 5, patience: 5 };
  const targets = softTargets(train.X, train.y, inner, 4, { weight: 0.5, gbt: { ...DEFAULT_GBT, maxTrees: 20 } });
  const a = await trainNet(train.X, targets, train.y, inner, 4, cfg);
  const b = await trainNet(train.X, targets, train.y, inner, 4, cfg);
  assert.deepEqual(a.weights.w1, b.weights.w1);
  assert.equal(a.weights.b2, b.weights.b2);
  assert.deepEqual(a.crossFitted, b.crossFitted);
});
