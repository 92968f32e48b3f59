import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend } from '../../model/src/backend';
import { rocAuc } from '../../model/src/metrics';
import { DEFAULT_NET, predict, toLayersModel, trainNet } from '../../model/src/net';
import { rng } from '../../model/src/random';

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
  await initBackend();
  const train = blobs(800, 1);
  const val = blobs(200, 2);
  const test = blobs(400, 3);
  const cfg = { ...DEFAULT_NET, members: 2, hidden: 4, maxEpochs: 30, patience: 5 };
  const weights = await trainNet(train.X, train.y, val.X, val.y, 4, cfg);
  const model = toLayersModel(weights);
  const p = predict(model, test.X, test.y.length, 4);
  assert.ok(rocAuc(test.y, p) > 0.95, `AUC ${rocAuc(test.y, p)}`);
  const mean = p.reduce((s, x) => s + x, 0) / p.length;
  assert.ok(Math.abs(mean - 0.25) < 0.05, `mean probability ${mean} near the 25% base rate`);
  assert.equal(weights.hiddenSize, 8, 'members are folded into one hidden layer');
  model.dispose();
});

test('training is deterministic: the same seed gives the same weights', async () => {
  await initBackend();
  const train = blobs(300, 4);
  const val = blobs(100, 5);
  const cfg = { ...DEFAULT_NET, members: 2, hidden: 4, maxEpochs: 5, patience: 5 };
  const a = await trainNet(train.X, train.y, val.X, val.y, 4, cfg);
  const b = await trainNet(train.X, train.y, val.X, val.y, 4, cfg);
  assert.deepEqual(a.w1, b.w1);
  assert.equal(a.b2, b.b2);
});
