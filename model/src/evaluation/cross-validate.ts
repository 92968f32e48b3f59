/**
 * Cross-validation: every model family (the shipped net and each baseline) is evaluated by the same
 * loop on the same stratified folds, so their figures differ only by the model. The families
 * themselves are in ../learners/adapters.ts.
 */
import type { Dataset } from '../data/csv';
import { stratifiedFolds } from '../data/random';
import { take } from '../data/rows';
import { DEFAULT_GBT } from '../learners/gbt';
import { DEFAULT_NET, type NetConfig } from '../learners/net';
import type { TeacherConfig } from '../learners/teacher';
import { atThreshold, scoreAll, type Scores } from './metrics';

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

export const DEFAULT_CV: CvConfig = {
  folds: 5,
  foldSeed: 2018,
  innerFolds: 5,
  net: DEFAULT_NET,
  teacher: { weight: 0.5, gbt: DEFAULT_GBT },
};

/**
 * `npm run train -- --quick`: 3 folds and a smaller, shorter-trained ensemble, for tests and for
 * trying the pipeline on a new file in seconds. Never for models you ship; the metrics file records it.
 */
export const QUICK_CV: CvConfig = {
  ...DEFAULT_CV,
  folds: 3,
  innerFolds: 3,
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

/**
 * A model family evaluated on the same folds: fit on the outer training rows `fit` (dealt into
 * inner folds `inner`, one per row), return probabilities for the test rows and the decision
 * threshold chosen on the training rows only.
 */
export type Learner = (
  fit: number[],
  inner: number[],
  test: number[],
) => Promise<{ test: ArrayLike<number>; threshold: number }>;

/**
 * Pools per-fold thresholded decisions into one set of threshold metrics. Each fold keeps its own
 * threshold: one threshold chosen on the pooled predictions would have seen every test fold.
 */
function pool(y: readonly number[], oof: Float64Array, fold: readonly number[], thresholds: readonly number[]): Scores {
  const decided = Float64Array.from(oof, (p, i) => (p >= thresholds[fold[i]] ? 1 : 0));
  const base = scoreAll(y, oof, NaN);
  return {
    ...base,
    ...atThreshold(y, decided, 1),
    threshold: thresholds.reduce((s, t) => s + t, 0) / thresholds.length,
  };
}

/**
 * Runs `learner` once per outer fold of `fold` (one fold number per row): it trains on the other
 * folds, whose rows are dealt into `cfg.innerFolds` stratified inner folds (seeded per outer fold, so
 * every learner gets the same ones), and predicts the held-out fold.
 */
export async function crossValidate(data: Dataset, fold: number[], cfg: CvConfig, learner: Learner): Promise<CvResult> {
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
