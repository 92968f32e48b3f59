/**
 * The model families as cross-validation sees them (a `Learner` each, see
 * ../evaluation/cross-validate.ts): the shipped neural ensemble and the four baselines. Each adapter
 * refits whatever it learns from data (the encoder too) on the outer training rows it is given, so
 * no test row ever shapes its own prediction.
 */
import { encodeMany } from '../../../src/features/encode';
import { isDerived } from '../../../src/features/derived';
import { fitEncoder } from '../../../src/features/fit';
import type { EncoderSpec, FeatureSet, SessionRecord, Variant } from '../../../src/features/types';
import type { Dataset } from '../data/csv';
import { rng, shuffled } from '../data/random';
import { rowsOf, take } from '../data/rows';
import type { CvConfig, Learner } from '../evaluation/cross-validate';
import { bestF1Threshold } from '../evaluation/metrics';
import { gbtLogits, trainGbt } from './gbt';
import { knnProbabilities } from './knn';
import { fitLogistic, logisticLogits, sigmoid } from './logistic';
import { predict, toLayersModel, trainNet, type NetWeights } from './net';
import { softTargets } from './teacher';

/** Rows of `idx` by inner fold: the baselines' training part (folds 1..) and their validation part (fold 0). */
function splitInner(idx: readonly number[], inner: readonly number[]): [number[], number[]] {
  return [idx.filter((_, j) => inner[j] !== 0), idx.filter((_, j) => inner[j] === 0)];
}

/** Encodes rows with an encoder fitted on `fitRows` only. */
export function encodeWith(
  rows: SessionRecord[],
  fitRows: number[],
  variant: Variant,
  set: FeatureSet,
): { spec: EncoderSpec; X: Float32Array; d: number } {
  const spec = fitEncoder(take(rows, fitRows), variant, set);
  return { spec, X: encodeMany(spec, rows), d: spec.inputNames.length };
}

/** The shipped model, fitted on `fit` rows: teacher targets, then the cross-fitted net (see net.ts, teacher.ts). */
export async function fitShipped(
  X: Float32Array,
  d: number,
  labels: readonly number[],
  fit: number[],
  inner: number[],
  cfg: CvConfig,
): Promise<{ weights: NetWeights; threshold: number }> {
  const Xf = rowsOf(X, d, fit);
  const y = take(labels, fit);
  const targets = softTargets(Xf, y, inner, d, cfg.teacher);
  const { weights, crossFitted } = await trainNet(Xf, targets, y, inner, d, cfg.net);
  return { weights, threshold: bestF1Threshold(y, crossFitted) };
}

/**
 * The neural ensemble: the encoder is refitted on each outer training part, never on its test
 * rows; the threshold maximises F1 on the training rows' cross-fitted probabilities.
 */
export function netLearner(data: Dataset, variant: Variant, set: FeatureSet, cfg: CvConfig): Learner {
  return async (fit, inner, test) => {
    const { X, d } = encodeWith(data.rows, fit, variant, set);
    const { weights, threshold } = await fitShipped(X, d, data.labels, fit, inner, cfg);
    const model = toLayersModel(weights);
    const out = { test: predict(model, rowsOf(X, d, test), test.length, d), threshold };
    model.dispose();
    return out;
  };
}

/**
 * A baseline that picks its threshold on inner fold 0 (fitted on the other inner folds) and scores
 * the test rows from a fit on all `fit` rows. `scorer(fit)` prepares the encoding for one outer
 * training part and returns "fit on these rows, give probabilities for those".
 */
function holdOutLearner(
  data: Dataset,
  scorer: (fit: number[]) => (fitIdx: number[], at: number[]) => ArrayLike<number>,
): Learner {
  return async (fit, inner, test) => {
    const probs = scorer(fit);
    const [train, val] = splitInner(fit, inner);
    return { threshold: bestF1Threshold(take(data.labels, val), probs(train, val)), test: probs(fit, test) };
  };
}

/** Logistic regression on the same encoded features. */
export function logisticLearner(data: Dataset, variant: Variant, set: FeatureSet): Learner {
  return holdOutLearner(data, (fit) => {
    const { X, d } = encodeWith(data.rows, fit, variant, set);
    return (fitIdx, at) => {
      const m = fitLogistic(rowsOf(X, d, fitIdx), take(data.labels, fitIdx), d, 1e-4);
      return logisticLogits(m, rowsOf(X, d, at), at.length).map(sigmoid);
    };
  });
}

/**
 * Most training rows the KNN baseline searches: brute force costs training rows x predicted rows, so
 * on visits in progress (tens of thousands of states) it takes a seeded sample of this size.
 */
export const KNN_MAX_ROWS = 8_000;

/** At most `max` of `idx`, a seeded uniform sample kept in order. */
function atMost(idx: number[], max: number, seed: number): number[] {
  if (idx.length <= max) return idx;
  const random = rng(seed);
  return shuffled(idx, random)
    .slice(0, max)
    .sort((a, b) => a - b);
}

/**
 * KNN (k=5) on the variant's raw columns, each standardised (no log transform, no derived totals):
 * the starting point. It searches at most {@link KNN_MAX_ROWS} training rows.
 */
export function knnLearner(data: Dataset, variant: Variant, set: FeatureSet): Learner {
  const raw: FeatureSet = {
    ...set,
    numeric: set.numeric.filter((f) => !isDerived(f.column)).map((f) => ({ ...f, transform: 'identity' as const })),
  };
  return holdOutLearner(data, (fit) => {
    const { X, d } = encodeWith(data.rows, fit, variant, raw);
    return (fitIdx, at) => {
      const used = atMost(fitIdx, KNN_MAX_ROWS, fitIdx.length);
      return knnProbabilities(rowsOf(X, d, used), take(data.labels, used), rowsOf(X, d, at), at.length, d, 5);
    };
  });
}

/**
 * Gradient-boosted trees alone (the teacher's model family): trained on inner folds 1.., stopped
 * early on fold 0, which also picks the threshold. A reference for what the inputs allow.
 */
export function gbtLearner(data: Dataset, variant: Variant, set: FeatureSet, cfg: CvConfig): Learner {
  return async (fit, inner, test) => {
    const { X, d } = encodeWith(data.rows, fit, variant, set);
    const [train, val] = splitInner(fit, inner);
    const model = trainGbt(
      rowsOf(X, d, train),
      take(data.labels, train),
      rowsOf(X, d, val),
      take(data.labels, val),
      d,
      cfg.teacher.gbt,
    );
    const probs = (at: number[]): Float64Array => gbtLogits(model, rowsOf(X, d, at), at.length).map(sigmoid);
    return { threshold: bestF1Threshold(take(data.labels, val), probs(val)), test: probs(test) };
  };
}

/** Predicts the majority class (no purchase) for everyone; its probability is the training purchase rate. */
export function majorityLearner(data: Dataset): Learner {
  return async (fit, _inner, test) => {
    const rate = fit.reduce((s, i) => s + data.labels[i], 0) / fit.length;
    return { test: new Float64Array(test.length).fill(rate), threshold: rate < 0.5 ? 1 : 0 };
  };
}
