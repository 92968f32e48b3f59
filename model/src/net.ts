import * as tf from '@tensorflow/tfjs';
import { fitLogistic } from './logistic';
import { rng, shuffled } from './random';

/** Fixed hyper-parameters of the ensemble; nothing here is selected on reported folds. */
export interface NetConfig {
  /** Independent small nets whose log-odds are averaged. */
  members: number;
  /** Hidden units per member. */
  hidden: number;
  maxEpochs: number;
  /** Epochs without a better validation loss before stopping. */
  patience: number;
  batchSize: number;
  learningRate: number;
  /** L2 penalty on the weights (not biases). */
  l2: number;
  seed: number;
}

/** The defaults used for the shipped models. */
export const DEFAULT_NET: NetConfig = {
  members: 5, hidden: 16, maxEpochs: 150, patience: 12, batchSize: 256, learningRate: 0.005, l2: 1e-4, seed: 7,
};

/**
 * A trained, calibrated ensemble folded into one two-layer net: hidden = relu(x W1 + b1),
 * p = sigmoid(hidden . w2 + b2). Averaging the members' logits and Platt scaling are both linear
 * in the hidden units, so they fold exactly into w2 and b2: a plain Dense -> Dense LayersModel.
 */
export interface NetWeights {
  inputSize: number;
  hiddenSize: number;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: number;
  /** Epochs trained until the best validation loss. */
  epochs: number;
  /** Platt scaling fitted on the validation split: p = sigmoid(a * meanLogit + b). */
  calibration: { a: number; b: number };
}

function glorot(random: () => number, fanIn: number, fanOut: number, size: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: size }, () => (random() * 2 - 1) * limit);
}

/** Mean member logit of each row, in plain JS (used on the small validation split). */
function meanLogits(X: Float32Array, n: number, d: number, w1: Float32Array, b1: Float32Array, v: Float32Array, c: Float32Array, members: number): Float64Array {
  const width = b1.length;
  const per = width / members;
  const out = new Float64Array(n);
  const h = new Float64Array(width);
  for (let i = 0; i < n; i++) {
    for (let u = 0; u < width; u++) {
      let s = b1[u];
      for (let j = 0; j < d; j++) s += X[i * d + j] * w1[j * width + u];
      h[u] = s > 0 ? s : 0;
    }
    let z = 0;
    for (let m = 0; m < members; m++) {
      let zm = c[m];
      for (let u = m * per; u < (m + 1) * per; u++) zm += h[u] * v[u];
      z += zm;
    }
    out[i] = z / members;
  }
  return out;
}

/** Elementwise log-loss from logits, stable for large |z|: max(z, 0) - z y + log(1 + e^-|z|). */
function logitLoss(labels: tf.Tensor, z: tf.Tensor): tf.Tensor {
  return tf.add(tf.sub(tf.relu(z), tf.mul(z, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
}

function logLoss(y: readonly number[], z: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (z[i] > 0 ? z[i] + Math.log1p(Math.exp(-z[i])) : Math.log1p(Math.exp(z[i]))) - y[i] * z[i];
  return s / y.length;
}

/**
 * Trains the ensemble on (X, y) with early stopping and Platt calibration on (Xv, yv).
 * `hooks.onEpoch` observes each epoch's end (the scaling benchmark times epochs with it).
 * All members train in one graph: one wide hidden layer, one loss term per member, so their
 * parameters never interact and each is an independent net from its own initialisation.
 */
export async function trainNet(
  X: Float32Array, y: readonly number[], Xv: Float32Array, yv: readonly number[], d: number, cfg: NetConfig = DEFAULT_NET,
  hooks: { onEpoch?: (epoch: number, validationLoss: number) => void } = {},
): Promise<NetWeights> {
  const { members: K, hidden: h } = cfg;
  const width = K * h;
  const n = y.length;
  const random = rng(cfg.seed);
  const W1 = tf.variable(tf.tensor2d(glorot(random, d, h, d * width), [d, width]));
  const B1 = tf.variable(tf.zeros([width]));
  const V = tf.variable(tf.tensor1d(glorot(random, h, 1, width)));
  const C = tf.variable(tf.zeros([K]));
  const optimizer = tf.train.adam(cfg.learningRate);
  const Xt = tf.tensor2d(X, [n, d]);
  const Yt = tf.tensor2d(Float32Array.from(y), [n, 1]);

  type Snapshot = { loss: number; epoch: number; w1: Float32Array; b1: Float32Array; v: Float32Array; c: Float32Array };
  const empty = new Float32Array(0) as Float32Array;
  let best: Snapshot = { loss: Infinity, epoch: 0, w1: empty, b1: empty, v: empty, c: empty };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let epoch = 1; epoch <= cfg.maxEpochs; epoch++) {
    const perm = shuffled(order, random);
    for (let start = 0; start < n; start += cfg.batchSize) {
      const idx = tf.tensor1d(perm.slice(start, start + cfg.batchSize), 'int32');
      optimizer.minimize(() => {
        const xb = tf.gather(Xt, idx);
        const yb = tf.gather(Yt, idx);
        const hidden = tf.relu(tf.add(tf.matMul(xb, W1), B1));
        const z = tf.add(tf.sum(tf.reshape(tf.mul(hidden, V), [-1, K, h]), 2), C);
        const data = tf.mean(logitLoss(tf.tile(yb, [1, K]), z));
        const penalty = tf.mul(cfg.l2 / 2, tf.add(tf.sum(tf.square(W1)), tf.sum(tf.square(V))));
        return tf.add(data, penalty) as tf.Scalar;
      });
      idx.dispose();
    }
    const [w1, b1, v, c] = (await Promise.all([W1.data(), B1.data(), V.data(), C.data()])) as Float32Array[];
    const loss = logLoss(yv, meanLogits(Xv, yv.length, d, w1, b1, v, c, K));
    hooks.onEpoch?.(epoch, loss);
    if (loss < best.loss - 1e-6) best = { loss, epoch, w1, b1, v, c };
    else if (epoch - best.epoch >= cfg.patience) break;
  }
  tf.dispose([W1, B1, V, C, Xt, Yt]);
  optimizer.dispose();

  const zv = meanLogits(Xv, yv.length, d, best.w1, best.b1, best.v, best.c, K);
  const platt = fitLogistic(zv, yv, 1, 0);
  const a = platt.weights[0];
  const meanC = best.c.reduce((s, x) => s + x, 0) / K;
  return {
    inputSize: d,
    hiddenSize: width,
    w1: best.w1,
    b1: best.b1,
    w2: Float32Array.from(best.v, (x) => (a * x) / K),
    b2: a * meanC + platt.bias,
    epochs: best.epoch,
    calibration: { a, b: platt.bias },
  };
}

/** Builds the standard tfjs LayersModel (Dense relu -> Dense sigmoid) carrying the weights. */
export function toLayersModel(w: NetWeights): tf.Sequential {
  const model = tf.sequential({ name: 'intent' });
  model.add(tf.layers.dense({ name: 'hidden', inputShape: [w.inputSize], units: w.hiddenSize, activation: 'relu' }));
  model.add(tf.layers.dense({ name: 'output', units: 1, activation: 'sigmoid' }));
  model.setWeights([
    tf.tensor2d(w.w1, [w.inputSize, w.hiddenSize]),
    tf.tensor1d(w.b1),
    tf.tensor2d(w.w2, [w.hiddenSize, 1]),
    tf.tensor1d([w.b2]),
  ]);
  return model;
}

/** Probabilities from a LayersModel for n rows of X (n x d). */
export function predict(model: tf.LayersModel, X: Float32Array, n: number, d: number): Float32Array {
  // Batches made here, one small tensor each: predict() on one huge input (even with its own
  // batchSize) slowed down far faster than linearly, taking minutes for a few million rows.
  const out = new Float32Array(n);
  const BATCH = 8_192;
  for (let start = 0; start < n; start += BATCH) {
    const rows = Math.min(BATCH, n - start);
    const p = tf.tidy(() => (model.predict(tf.tensor2d(X.subarray(start * d, (start + rows) * d), [rows, d])) as tf.Tensor).dataSync());
    out.set(p, start);
  }
  return out;
}

