import { ANONYMISED_CODES, FEATURE_SETS } from '../../../src/features/columns';
import { encodeMany } from '../../../src/features/encode';
import { isDerived } from '../../../src/features/derived';
import { fitEncoder } from '../../../src/features/fit';
import type { EncoderSpec, FeatureSet, SessionRecord, Variant } from '../../../src/features/types';
import type { Dataset } from '../data/csv';
import { rocAucInterval, type Interval } from '../evaluation/intervals';
import { knnProbabilities } from '../learners/knn';
import { fitLogistic, logisticLogits, sigmoid } from '../learners/logistic';
import { atThreshold, bestF1Threshold, curvePoints, reliabilityBins, scoreAll, type ReliabilityBin, type Scores } from '../evaluation/metrics';
import { DEFAULT_GBT, gbtLogits, trainGbt } from '../learners/gbt';
import { DEFAULT_NET, predict, toLayersModel, trainNet, type NetConfig, type NetWeights } from '../learners/net';
import { stratifiedFolds } from '../data/random';
import { rowsOf, take } from '../data/rows';
import { softTargets, type TeacherConfig } from '../learners/teacher';

/** Cross-validation settings; the seeds make every rerun identical. */
export interface CvConfig {
  folds: number;
  foldSeed: number;
  /**
   * Inner stratified folds of each outer training part. The net has one member per inner fold
   * (each validates on its own); the baselines hold out inner fold 0 (1 / innerFolds of the rows).
   */
  innerFolds: number;
  net: NetConfig;
  teacher: TeacherConfig;
}

export const DEFAULT_CV: CvConfig = { folds: 5, foldSeed: 2018, innerFolds: 5, net: DEFAULT_NET, teacher: { weight: 0.5, gbt: DEFAULT_GBT } };

/**
 * `npm run train -- --quick`: 3 folds and a smaller, shorter-trained ensemble, for tests and for
 * trying the pipeline on a new file in seconds. Never for models you ship; the metrics file records it.
 */
export const QUICK_CV: CvConfig = {
  ...DEFAULT_CV, folds: 3, innerFolds: 3,
  net: { ...DEFAULT_NET, hidden: 8, maxEpochs: 30, patience: 5 },
  teacher: { ...DEFAULT_CV.teacher, gbt: { ...DEFAULT_GBT, maxTrees: 60, patience: 10 } },
};

/** Out-of-fold results of one model: pooled predictions and the metrics computed from them. */
export interface CvResult {
  /** Metrics on the pooled out-of-fold predictions; F1 & co. use each fold's own threshold. */
  pooled: Scores;
  /** Per-fold metrics, each at the threshold chosen on that fold's training part. */
  perFold: Scores[];
  oof: Float64Array;
}

/** Rows of `idx` by inner fold: the baselines' training part (folds 1..) and their validation part (fold 0). */
function splitInner(idx: readonly number[], inner: readonly number[]): [number[], number[]] {
  return [idx.filter((_, j) => inner[j] !== 0), idx.filter((_, j) => inner[j] === 0)];
}

/** Pools per-fold thresholded decisions into one set of threshold metrics. */
function pool(y: readonly number[], oof: Float64Array, fold: readonly number[], thresholds: readonly number[]): Scores {
  const decided = Float64Array.from(oof, (p, i) => (p >= thresholds[fold[i]] ? 1 : 0));
  const base = scoreAll(y, oof, NaN);
  return { ...base, ...atThreshold(y, decided, 1), threshold: thresholds.reduce((s, t) => s + t, 0) / thresholds.length };
}

/**
 * A model family evaluated on the same folds: fit on the outer training rows `fit` (dealt into
 * inner folds `inner`, one per row), return probabilities for the test rows and the decision
 * threshold chosen on the training rows only.
 */
type Learner = (fit: number[], inner: number[], test: number[]) => Promise<{ test: ArrayLike<number>; threshold: number }>;

async function crossValidate(data: Dataset, fold: number[], cfg: CvConfig, learner: Learner): Promise<CvResult> {
  const y = data.labels;
  const oof = new Float64Array(y.length);
  const thresholds: number[] = [];
  const perFold: Scores[] = [];
  for (let f = 0; f < cfg.folds; f++) {
    const outerTrain = y.map((_, i) => i).filter((i) => fold[i] !== f);
    const test = y.map((_, i) => i).filter((i) => fold[i] === f);
    const inner = stratifiedFolds(take(y, outerTrain), cfg.innerFolds, cfg.foldSeed + 1 + f);
    const out = await learner(outerTrain, inner, test);
    thresholds.push(out.threshold);
    test.forEach((i, j) => (oof[i] = out.test[j]));
    perFold.push(scoreAll(take(y, test), out.test, out.threshold));
  }
  return { pooled: pool(y, oof, fold, thresholds), perFold, oof };
}

/** Encodes rows with an encoder fitted on `fitRows` only. */
function encodeWith(rows: SessionRecord[], fitRows: number[], variant: Variant, set: FeatureSet): { spec: EncoderSpec; X: Float32Array; d: number } {
  const spec = fitEncoder(take(rows, fitRows), variant, set);
  return { spec, X: encodeMany(spec, rows), d: spec.inputNames.length };
}

/** The shipped model, fitted on `fit` rows: teacher targets, then the cross-fitted net (see ../learners/net.ts, ../learners/teacher.ts). */
async function fitShipped(X: Float32Array, d: number, labels: readonly number[], fit: number[], inner: number[], cfg: CvConfig): Promise<{ weights: NetWeights; threshold: number }> {
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
function netLearner(data: Dataset, variant: Variant, set: FeatureSet, cfg: CvConfig): Learner {
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
function holdOutLearner(data: Dataset, scorer: (fit: number[]) => (fitIdx: number[], at: number[]) => ArrayLike<number>): Learner {
  return async (fit, inner, test) => {
    const probs = scorer(fit);
    const [train, val] = splitInner(fit, inner);
    return { threshold: bestF1Threshold(take(data.labels, val), probs(train, val)), test: probs(fit, test) };
  };
}

/** Logistic regression on the same encoded features. */
function logisticLearner(data: Dataset, variant: Variant, set: FeatureSet): Learner {
  return holdOutLearner(data, (fit) => {
    const { X, d } = encodeWith(data.rows, fit, variant, set);
    return (fitIdx, at) => {
      const m = fitLogistic(rowsOf(X, d, fitIdx), take(data.labels, fitIdx), d, 1e-4);
      return logisticLogits(m, rowsOf(X, d, at), at.length).map(sigmoid);
    };
  });
}

/** KNN (k=5) on the variant's raw columns, each standardised (no log transform, no derived totals): the starting point. */
function knnLearner(data: Dataset, variant: Variant, set: FeatureSet): Learner {
  const raw: FeatureSet = { ...set, numeric: set.numeric.filter((f) => !isDerived(f.column)).map((f) => ({ ...f, transform: 'identity' as const })) };
  return holdOutLearner(data, (fit) => {
    const { X, d } = encodeWith(data.rows, fit, variant, raw);
    return (fitIdx, at) => knnProbabilities(rowsOf(X, d, fitIdx), take(data.labels, fitIdx), rowsOf(X, d, at), at.length, d, 5);
  });
}

/**
 * Gradient-boosted trees alone (the teacher's model family): trained on inner folds 1.., stopped
 * early on fold 0, which also picks the threshold. A reference for what the inputs allow.
 */
function gbtLearner(data: Dataset, variant: Variant, set: FeatureSet, cfg: CvConfig): Learner {
  return async (fit, inner, test) => {
    const { X, d } = encodeWith(data.rows, fit, variant, set);
    const [train, val] = splitInner(fit, inner);
    const model = trainGbt(rowsOf(X, d, train), take(data.labels, train), rowsOf(X, d, val), take(data.labels, val), d, cfg.teacher.gbt);
    const probs = (at: number[]): Float64Array => gbtLogits(model, rowsOf(X, d, at), at.length).map(sigmoid);
    return { threshold: bestF1Threshold(take(data.labels, val), probs(val)), test: probs(test) };
  };
}

/** Predicts the majority class (no purchase) for everyone; its probability is the training purchase rate. */
function majorityLearner(data: Dataset): Learner {
  return async (fit, _inner, test) => {
    const rate = fit.reduce((s, i) => s + data.labels[i], 0) / fit.length;
    return { test: new Float64Array(test.length).fill(rate), threshold: rate < 0.5 ? 1 : 0 };
  };
}

/** One row of the threshold table the tuner draws. */
export interface ThresholdRow {
  threshold: number;
  /** Share of all sessions scored below the threshold (they would get the offer). */
  shareBelow: number;
  /** Among those, the share that bought anyway. */
  purchaseRateBelow: number;
  /** Share of all non-buyers that are below the threshold (reached by the offer). */
  nonBuyersReached: number;
  /** Share of all buyers that are below the threshold (discounts given away). */
  buyersReached: number;
}

/** For thresholds 0.01..0.99: what an offer below that probability would reach, from OOF predictions. */
export function thresholdTable(y: readonly number[], p: ArrayLike<number>): ThresholdRow[] {
  const n = y.length;
  const buyers = y.reduce((s, v) => s + v, 0);
  const rows: ThresholdRow[] = [];
  for (let k = 1; k <= 99; k++) {
    const t = k / 100;
    let below = 0, buyersBelow = 0;
    for (let i = 0; i < n; i++) if (p[i] < t) { below++; buyersBelow += y[i]; }
    rows.push({
      threshold: t,
      shareBelow: below / n,
      purchaseRateBelow: below ? buyersBelow / below : 0,
      nonBuyersReached: (below - buyersBelow) / (n - buyers),
      buyersReached: buyersBelow / buyers,
    });
  }
  return rows;
}

/** Downsampled ROC and precision-recall curves for the model card's charts. */
export interface Curves {
  roc: [number, number][];
  pr: [number, number][];
}

function curves(y: readonly number[], p: ArrayLike<number>, points = 120): Curves {
  const pos = y.reduce((s, v) => s + v, 0);
  const neg = y.length - pos;
  const all = curvePoints(y, p);
  const step = Math.max(1, Math.floor(all.length / points));
  const kept = all.filter((_, i) => i % step === 0 || i === all.length - 1);
  const r = (x: number): number => Math.round(x * 1e4) / 1e4;
  return {
    roc: [[0, 0], ...kept.map((c): [number, number] => [r(c.fp / neg), r(c.tp / pos)])],
    pr: kept.map((c): [number, number] => [r(c.tp / pos), r(c.tp / (c.tp + c.fp))]),
  };
}

/** Everything the CV of one variant produced, before artifacts are written. */
export interface VariantReport {
  variant: Variant;
  model: CvResult;
  baselines: { majority: CvResult; knn: CvResult; logistic: CvResult; gbt: CvResult };
  ablation: { withCodes: Scores; withoutCodes: Scores; codes: string[] } | null;
  /** DeLong's 95% interval of the model's pooled out-of-fold ROC AUC. */
  rocAuc95: Interval;
  reliability: ReliabilityBin[];
  thresholdTable: ThresholdRow[];
  curves: Curves;
  shippedThreshold: number;
  final: { spec: EncoderSpec; weights: NetWeights };
}

/**
 * Runs the whole evaluation of one variant on the same folds (model, baselines, optional ablation),
 * then fits the shipped model the same way on all rows (inner folds for the teacher, early stopping
 * and calibration). The shipped decision threshold maximises F1 on the pooled out-of-fold predictions.
 * `opts.set` replaces the variant's columns (a shop's retrain adds its export's categories).
 */
export async function runVariant(data: Dataset, variant: Variant, cfg: CvConfig = DEFAULT_CV, opts: { ablation?: boolean; log?: (s: string) => void; set?: FeatureSet } = {}): Promise<VariantReport> {
  const log = opts.log ?? (() => {});
  const set = opts.set ?? FEATURE_SETS[variant];
  const fold = stratifiedFolds(data.labels, cfg.folds, cfg.foldSeed);
  const y = data.labels;

  log(`${variant}: neural ensemble, ${cfg.folds}-fold CV`);
  const model = await crossValidate(data, fold, cfg, netLearner(data, variant, set, cfg));
  log(`${variant}: baselines`);
  const majority = await crossValidate(data, fold, cfg, majorityLearner(data));
  const logistic = await crossValidate(data, fold, cfg, logisticLearner(data, variant, set));
  const knn = await crossValidate(data, fold, cfg, knnLearner(data, variant, set));
  const gbt = await crossValidate(data, fold, cfg, gbtLearner(data, variant, set, cfg));

  let ablation: VariantReport['ablation'] = null;
  if (opts.ablation) {
    log(`${variant}: ablation with the anonymised codes`);
    const withSet: FeatureSet = { ...set, categorical: [...set.categorical, ...ANONYMISED_CODES] };
    const withCodes = await crossValidate(data, fold, cfg, netLearner(data, variant, withSet, cfg));
    ablation = { withCodes: withCodes.pooled, withoutCodes: model.pooled, codes: ANONYMISED_CODES };
  }

  log(`${variant}: final fit on all ${y.length} rows`);
  const all = y.map((_, i) => i);
  const { spec, X, d } = encodeWith(data.rows, all, variant, set);
  const { weights } = await fitShipped(X, d, y, all, stratifiedFolds(y, cfg.innerFolds, cfg.foldSeed), cfg);
  const { low, high } = rocAucInterval(y, model.oof);

  return {
    variant,
    model,
    baselines: { majority, knn, logistic, gbt },
    ablation,
    rocAuc95: { low, high },
    reliability: reliabilityBins(y, model.oof),
    thresholdTable: thresholdTable(y, model.oof),
    curves: curves(y, model.oof),
    shippedThreshold: bestF1Threshold(y, model.oof),
    final: { spec, weights },
  };
}
