/**
 * Cross-validation: every model family (the shipped net and each baseline) is evaluated by the same
 * loop on the same folds, grouped by session, so their figures differ only by the model. The
 * families themselves are in ../learners/adapters.ts.
 */
import { stratifiedFolds } from '../data/random';
import { take } from '../data/rows';
import { TRAIN_STATES, type InProgress } from '../data/in-progress';
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
  /** About how many states (uniform over all states of all sessions) the learners train on. */
  trainStates: number;
}

export const DEFAULT_CV: CvConfig = {
  folds: 5,
  foldSeed: 2018,
  innerFolds: 5,
  net: DEFAULT_NET,
  teacher: { weight: 0.5, gbt: DEFAULT_GBT },
  trainStates: TRAIN_STATES,
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
  trainStates: 8_000,
};

/** One outer fold: the rows a learner fits on (dealt into inner folds), and the rows it predicts. */
export interface FoldPlan {
  fit: number[];
  /** Inner fold of each `fit` row (0..innerFolds-1). */
  inner: number[];
  test: number[];
}

/**
 * The outer folds of a run over visits in progress, grouped by session: sessions (never states) are
 * dealt into stratified folds, and so are the outer training sessions into inner folds (seeded per
 * outer fold, so every learner gets the same ones); each state follows its session. `fitFrom` says
 * which rows a learner fits on: the sampled states, or the sessions' totals (the end-of-session
 * model as it shipped before). Every learner predicts the same rows: the held-out sessions' states
 * at the reported points and their totals.
 */
export function groupedPlans(ip: InProgress, cfg: CvConfig, fitFrom: 'states' | 'totals'): FoldPlan[] {
  const fold = stratifiedFolds(ip.sessionLabels, cfg.folds, cfg.foldSeed);
  const predicted = [...ip.points.flatMap((p) => p.rows), ...ip.totals];
  const fitRows = fitFrom === 'states' ? ip.train : ip.totals;
  return Array.from({ length: cfg.folds }, (_, f) => {
    const outer = ip.sessionLabels.map((_, i) => i).filter((i) => fold[i] !== f);
    const innerOf = new Map<number, number>();
    const inner = stratifiedFolds(take(ip.sessionLabels, outer), cfg.innerFolds, cfg.foldSeed + 1 + f);
    outer.forEach((i, j) => innerOf.set(i, inner[j]));
    const fit = fitRows.filter((r) => innerOf.has(ip.session[r]));
    return {
      fit,
      inner: fit.map((r) => innerOf.get(ip.session[r])!),
      test: predicted.filter((r) => fold[ip.session[r]] === f),
    };
  });
}

/** Out-of-fold results of one model: a probability for every predicted row, and the fold that predicted it. */
export interface CvResult {
  /** Per row of the data: its out-of-fold probability (NaN for rows no fold predicted). */
  oof: Float64Array;
  /** Per row: the fold that predicted it (-1 for none). */
  foldOf: Int32Array;
  /** Per fold: the decision threshold chosen on that fold's training rows only. */
  thresholds: number[];
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

/** Runs `learner` once per fold plan and collects its out-of-fold predictions. */
export async function crossValidate(rows: number, plans: readonly FoldPlan[], learner: Learner): Promise<CvResult> {
  const oof = new Float64Array(rows).fill(NaN);
  const foldOf = new Int32Array(rows).fill(-1);
  const thresholds: number[] = [];
  for (const [f, plan] of plans.entries()) {
    const out = await learner(plan.fit, plan.inner, plan.test);
    thresholds.push(out.threshold);
    plan.test.forEach((i, j) => {
      oof[i] = out.test[j];
      foldOf[i] = f;
    });
  }
  return { oof, foldOf, thresholds };
}

/**
 * The metrics of a CV result on some of its rows. Threshold metrics pool per-fold decisions: each
 * fold keeps its own threshold, since one threshold chosen on the pooled predictions would have
 * seen every test fold.
 */
export function scoresOn(y: readonly number[], cv: CvResult, rows: readonly number[]): Scores {
  const yy = take(y, rows);
  const p = Float64Array.from(rows, (i) => cv.oof[i]);
  const decided = Float64Array.from(rows, (i) => (cv.oof[i] >= cv.thresholds[cv.foldOf[i]] ? 1 : 0));
  return {
    ...scoreAll(yy, p, NaN),
    ...atThreshold(yy, decided, 1),
    threshold: cv.thresholds.reduce((s, t) => s + t, 0) / cv.thresholds.length,
  };
}

/** Per fold, the metrics on the given rows that fold predicted (for the spread across folds). */
export function perFoldOn(y: readonly number[], cv: CvResult, rows: readonly number[]): Scores[] {
  return cv.thresholds.map((t, f) => {
    const mine = rows.filter((i) => cv.foldOf[i] === f);
    return scoreAll(
      take(y, mine),
      Float64Array.from(mine, (i) => cv.oof[i]),
      t,
    );
  });
}

/** A model's figures at one point of the visit, with the mean probability it gave (calibration in the large). */
export type PointScores = Scores & { meanPredicted: number };

/** A model's figures on some rows, with its mean probability there. */
export function pointScores(y: readonly number[], cv: CvResult, rows: readonly number[]): PointScores {
  const p = Float64Array.from(rows, (i) => cv.oof[i]);
  return { ...scoresOn(y, cv, rows), meanPredicted: p.reduce((s, x) => s + x, 0) / p.length };
}
