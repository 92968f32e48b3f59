import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_GBT, gbtLogits, trainGbt } from '../../model/src/learners/gbt';
import { rocAuc } from '../../model/src/evaluation/metrics';
import { rng } from '../../model/src/data/random';

/** XOR of two signs in 3 dimensions (the third is noise): no linear model ranks it above chance. */
function xor(n: number, seed: number): { X: Float32Array; y: number[] } {
  const random = rng(seed);
  const X = new Float32Array(n * 3);
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = random() * 2 - 1,
      b = random() * 2 - 1;
    X.set([a, b, random()], i * 3);
    y.push(a * b > 0 ? 1 : 0);
  }
  return { X, y };
}

test('boosted trees learn an interaction a linear model cannot (XOR of two signs)', () => {
  const train = xor(1500, 1),
    val = xor(300, 2),
    test = xor(600, 3);
  const model = trainGbt(train.X, train.y, val.X, val.y, 3);
  const auc = rocAuc(test.y, gbtLogits(model, test.X, test.y.length));
  assert.ok(auc > 0.97, `AUC ${auc}`);
  assert.ok(
    model.trees.length > 0 && model.trees.length < DEFAULT_GBT.maxTrees,
    `early stopping kept ${model.trees.length} trees`,
  );
});

test('boosted trees are deterministic for a seed and keep only the trees up to the best validation loss', () => {
  const train = xor(400, 4),
    val = xor(200, 5);
  const cfg = { ...DEFAULT_GBT, maxTrees: 300, patience: 5 };
  const a = trainGbt(train.X, train.y, val.X, val.y, 3, cfg);
  const b = trainGbt(train.X, train.y, val.X, val.y, 3, cfg);
  assert.deepEqual(gbtLogits(a, val.X, 200), gbtLogits(b, val.X, 200));
  // With labels that are pure noise the first trees cannot beat the base rate for long.
  const noise = { X: train.X, y: train.y.map((_, i): number => (rng(i + 9)() < 0.3 ? 1 : 0)) };
  const none = trainGbt(
    noise.X,
    noise.y,
    val.X,
    val.y.map((_, i) => (rng(i + 999)() < 0.3 ? 1 : 0)),
    3,
    cfg,
  );
  assert.ok(none.trees.length < 30, `noise kept ${none.trees.length} trees`);
  const base = gbtLogits({ ...none, trees: [] }, val.X, 1)[0];
  assert.ok(
    Math.abs(1 / (1 + Math.exp(-base)) - noise.y.reduce((s, v) => s + v, 0) / noise.y.length) < 1e-9,
    'the base log-odds is the training rate',
  );
});

test('a split falls between distinct values, so scoring the training values reproduces the binned split', () => {
  // One feature with three values; the label is 1 exactly for value 2.
  const values = [0, 1, 2];
  const X = Float32Array.from({ length: 600 }, (_, i) => values[i % 3]);
  const y = Array.from(X, (x) => (x === 2 ? 1 : 0));
  const model = trainGbt(X, y, X, y, 1, { ...DEFAULT_GBT, maxTrees: 50, patience: 50, subsample: 1 });
  const z = gbtLogits(model, Float32Array.from([0, 1, 2, 1.4, 1.6]), 5);
  assert.ok(z[2] > 2 && z[0] < -2 && z[1] < -2, `logits ${Array.from(z)}`);
  assert.ok(z[3] < 0 && z[4] > 0, 'an unseen value goes to the nearer side of the cut (1.5)');
});

test('the teacher and the fold count the net uses take a million rows (no per-row array spread onto the stack)', async () => {
  const { softTargets } = await import('../../model/src/learners/teacher');
  const { foldCount } = await import('../../model/src/data/random');
  const n = 1_000_000;
  const X = Float32Array.from({ length: n }, (_, i) => i % 7);
  const y = Array.from({ length: n }, (_, i) => (i % 7 > 4 ? 1 : 0));
  const inner = y.map((_, i) => i % 3);
  const t = softTargets(X, y, inner, 1, { weight: 0.5, gbt: { ...DEFAULT_GBT, maxTrees: 1, patience: 1 } });
  assert.equal(t.length, n);
  assert.equal(foldCount(inner), 3); // the count trainNet uses too
});
