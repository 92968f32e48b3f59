import { logitLoss } from './logistic';
import { rng } from '../data/random';

/**
 * Gradient-boosted decision trees for log-loss (second-order, histogram splits), written here
 * because no npm package of this kind is deterministic, small and dependency-free enough to
 * run inside the training pipeline. Used as a reference model and as the teacher whose
 * out-of-sample scores the shipped net learns from (see `softTargets` in ./teacher.ts).
 */
export interface GbtConfig {
  /** Most trees; early stopping on the validation rows usually stops sooner. */
  maxTrees: number;
  /** Rounds without a better validation loss before stopping. */
  patience: number;
  learningRate: number;
  maxDepth: number;
  /** Smallest hessian sum (about rows x p(1-p)) a leaf may hold. */
  minChildWeight: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  /** Share of rows each tree sees. */
  subsample: number;
  /** Most bins per feature (quantile edges from the training rows). */
  bins: number;
  seed: number;
}

export const DEFAULT_GBT: GbtConfig = {
  maxTrees: 600,
  patience: 40,
  learningRate: 0.05,
  maxDepth: 3,
  minChildWeight: 5,
  lambda: 1,
  subsample: 0.8,
  bins: 64,
  seed: 11,
};

/** One tree as flat arrays; a node with feature -1 is a leaf holding `value`. */
interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
}

/** A fitted ensemble: log-odds = base + sum of tree values. */
export interface GbtModel {
  base: number;
  trees: Tree[];
  d: number;
}

/**
 * Cut points per feature from the training rows' quantiles: each cut lies halfway between two
 * neighbouring distinct values, so a split never separates equal values and an unseen value in the
 * gap goes to the nearer side. A row's bin is the number of cuts at or below its value.
 */
function edgesOf(X: ArrayLike<number>, n: number, d: number, bins: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    const col = Float64Array.from({ length: n }, (_, i) => X[i * d + j]).sort();
    const cuts: number[] = [];
    let last = col[0];
    for (let b = 1; b < bins; b++) {
      const v = col[Math.min(n - 1, Math.floor((b * n) / bins))];
      if (v <= last) continue;
      last = v;
      // The largest value below v, by binary search: the first index holding v, minus one.
      let lo = 0,
        hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (col[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      cuts.push((col[lo - 1] + v) / 2);
    }
    out.push(Float64Array.from(cuts));
  }
  return out;
}

function binRows(X: ArrayLike<number>, n: number, d: number, edges: Float64Array[]): Uint8Array {
  const out = new Uint8Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const e = edges[j];
      const x = X[i * d + j];
      let b = 0;
      while (b < e.length && x >= e[b]) b++;
      out[i * d + j] = b;
    }
  }
  return out;
}

function treeValue(t: Tree, X: ArrayLike<number>, row: number, d: number): number {
  let node = 0;
  while (t.feature[node] >= 0) node = X[row * d + t.feature[node]] < t.threshold[node] ? t.left[node] : t.right[node];
  return t.value[node];
}

/** Log-odds for n rows of X (n x d). */
export function gbtLogits(model: GbtModel, X: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n).fill(model.base);
  for (const t of model.trees) for (let i = 0; i < n; i++) out[i] += treeValue(t, X, i, model.d);
  return out;
}

function logLoss(y: readonly number[], z: Float64Array): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += logitLoss(y[i], z[i]);
  return s / y.length;
}

/** Grows one depth-limited tree on the rows `rows` from gradients g and hessians h. */
function growTree(
  binned: Uint8Array,
  edges: Float64Array[],
  d: number,
  g: Float64Array,
  h: Float64Array,
  rows: Int32Array,
  cfg: GbtConfig,
): Tree {
  const feature: number[] = [],
    threshold: number[] = [],
    left: number[] = [],
    right: number[] = [],
    value: number[] = [];
  const maxBins = cfg.bins + 1;
  const hg = new Float64Array(d * maxBins);
  const hh = new Float64Array(d * maxBins);
  const grow = (members: Int32Array, depth: number): number => {
    const node = feature.length;
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    value.push(0);
    let G = 0,
      H = 0;
    for (const i of members) {
      G += g[i];
      H += h[i];
    }
    value[node] = (-G / (H + cfg.lambda)) * cfg.learningRate;
    if (depth >= cfg.maxDepth || H < 2 * cfg.minChildWeight) return node;
    hg.fill(0);
    hh.fill(0);
    for (const i of members) {
      const base = i * d;
      for (let j = 0; j < d; j++) {
        const k = j * maxBins + binned[base + j];
        hg[k] += g[i];
        hh[k] += h[i];
      }
    }
    const parent = (G * G) / (H + cfg.lambda);
    let bestGain = 1e-9,
      bestJ = -1,
      bestB = -1;
    for (let j = 0; j < d; j++) {
      let gl = 0,
        hl = 0;
      for (let b = 0; b < edges[j].length; b++) {
        gl += hg[j * maxBins + b];
        hl += hh[j * maxBins + b];
        const gr = G - gl,
          hr = H - hl;
        if (hl < cfg.minChildWeight || hr < cfg.minChildWeight) continue;
        const gain = (gl * gl) / (hl + cfg.lambda) + (gr * gr) / (hr + cfg.lambda) - parent;
        if (gain > bestGain) {
          bestGain = gain;
          bestJ = j;
          bestB = b;
        }
      }
    }
    if (bestJ < 0) return node;
    const l: number[] = [],
      r: number[] = [];
    for (const i of members) (binned[i * d + bestJ] <= bestB ? l : r).push(i);
    feature[node] = bestJ;
    threshold[node] = edges[bestJ][bestB];
    left[node] = grow(Int32Array.from(l), depth + 1);
    right[node] = grow(Int32Array.from(r), depth + 1);
    return node;
  };
  grow(rows, 0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
  };
}

/** Boosts trees on (X, y), stopping when the log-loss on (Xv, yv) has not improved for `patience` rounds. */
export function trainGbt(
  X: ArrayLike<number>,
  y: readonly number[],
  Xv: ArrayLike<number>,
  yv: readonly number[],
  d: number,
  cfg: GbtConfig = DEFAULT_GBT,
): GbtModel {
  const n = y.length;
  const nv = yv.length;
  if (cfg.bins < 2 || cfg.bins > 255)
    throw new Error(`bins must be 2..255 (one byte per binned value), got ${cfg.bins}`);
  const rate = Math.min(1 - 1e-6, Math.max(1e-6, y.reduce((s, v) => s + v, 0) / n));
  const base = Math.log(rate / (1 - rate));
  const edges = edgesOf(X, n, d, cfg.bins);
  const binned = binRows(X, n, d, edges);
  const z = new Float64Array(n).fill(base);
  const zv = new Float64Array(nv).fill(base);
  const g = new Float64Array(n),
    h = new Float64Array(n);
  const random = rng(cfg.seed);
  const trees: Tree[] = [];
  let best = { loss: logLoss(yv, zv), count: 0 };
  for (let t = 0; t < cfg.maxTrees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-z[i]));
      g[i] = p - y[i];
      h[i] = Math.max(p * (1 - p), 1e-12);
    }
    const picked: number[] = [];
    for (let i = 0; i < n; i++) if (random() < cfg.subsample) picked.push(i);
    const tree = growTree(binned, edges, d, g, h, Int32Array.from(picked), cfg);
    trees.push(tree);
    for (let i = 0; i < n; i++) z[i] += treeValue(tree, X, i, d);
    for (let i = 0; i < nv; i++) zv[i] += treeValue(tree, Xv, i, d);
    const loss = logLoss(yv, zv);
    if (loss < best.loss - 1e-7) best = { loss, count: trees.length };
    else if (trees.length - best.count >= cfg.patience) break;
  }
  return { base, trees: trees.slice(0, best.count), d };
}
