/**
 * One variant's whole run on visits in progress: the cross-validation of the shipped method, the
 * baselines, the end-of-session model as it shipped before and the optional ablation, all on the
 * same session-grouped folds; then the final fit on every session's sampled states; then the
 * leave-risk model on the same states and folds (./leave-risk.ts). Everything here
 * is pure computation: ../artifacts/package.ts turns the result into artifact files.
 */
import { ANONYMISED_CODES, FEATURE_SETS } from '../../../src/features/columns';
import type { EncoderSpec, FeatureSet, Variant } from '../../../src/features/types';
import type { Dataset } from '../data/csv';
import { buildInProgress, type InProgress, type StatePoint } from '../data/in-progress';
import { stratifiedFolds } from '../data/random';
import { take } from '../data/rows';
import {
  crossValidate,
  DEFAULT_CV,
  groupedPlans,
  perFoldOn,
  pointScores,
  scoresOn,
  type CvConfig,
  type PointScores,
} from '../evaluation/cross-validate';
import { curves, thresholdTable, type Curves, type ThresholdRow } from '../evaluation/curves';
import { rocAucInterval, type Interval } from '../evaluation/intervals';
import { bestF1Threshold, reliabilityBins, type ReliabilityBin, type Scores } from '../evaluation/metrics';
import {
  encodeWith,
  fitShipped,
  gbtLearner,
  knnLearner,
  logisticLearner,
  majorityLearner,
  netLearner,
} from '../learners/adapters';
import type { NetWeights } from '../learners/net';
import { runLeaveRisk, type JointTable, type LeavePointReport, type LeaveReport } from './leave-risk';

/** Everything measured at one reported point of the visit, on the sessions still going there. */
export interface PointReport {
  at: StatePoint;
  sessions: number;
  purchases: number;
  /** The shipped method; `rocAuc95` is DeLong's interval (each session counts once here). */
  model: PointScores & { rocAuc95: Interval };
  baselines: { majority: PointScores; knn: PointScores; logistic: PointScores; gbt: PointScores };
  /** The same net trained on end-of-session totals, as the models shipped before this change. */
  endOfSessionModel: PointScores;
  thresholdTable: ThresholdRow[];
  reliability: ReliabilityBin[];
  /** The leave-risk model at this page view (./leave-risk.ts); null at the last page view, where every session leaves. */
  leaveRisk: LeavePointReport | null;
  /** Sessions and buyers here by out-of-fold purchase probability and leave risk, for the tuner. */
  joint: JointTable;
}

/** Everything the CV of one variant produced, before artifacts are written. */
export interface VariantReport {
  variant: Variant;
  /** The reported page views, then the session's last page view. */
  points: PointReport[];
  /** The shipped method pooled over the states at the reported page views (a session once per page view it reached). */
  model: { pooled: Scores; perFold: Scores[] };
  /** On the sessions' totals as given (the literature's setting): the shipped method and the end-of-session model. */
  totals: { model: Scores; endOfSessionModel: Scores };
  ablation: { withCodes: Scores; withoutCodes: Scores; codes: string[] } | null;
  reliability: ReliabilityBin[];
  thresholdTable: ThresholdRow[];
  curves: Curves;
  shippedThreshold: number;
  /** States the learners trained on, and the share of states kept per range of page views. */
  states: { sampled: number; share: InProgress['sampled'] };
  final: { spec: EncoderSpec; weights: NetWeights };
  /** The leave-risk model: pooled figures and its final fit (per page view it is in `points`). */
  leaveRisk: Omit<LeaveReport, 'points' | 'joint'>;
}

/**
 * Runs the whole evaluation of one variant on the same session-grouped folds (model, baselines,
 * end-of-session model, optional ablation), then fits the shipped model the same way on every
 * session's sampled states (inner folds by session for the teacher, early stopping and
 * calibration). The shipped decision threshold maximises F1 on the pooled out-of-fold predictions
 * at the reported page views. `opts.set` replaces the variant's columns (a shop's retrain adds its
 * export's categories).
 */
export async function runVariant(
  sessions: Dataset,
  variant: Variant,
  cfg: CvConfig = DEFAULT_CV,
  opts: { ablation?: boolean; log?: (s: string) => void; set?: FeatureSet; inProgress?: InProgress } = {},
): Promise<VariantReport> {
  const log = opts.log ?? (() => {});
  const set = opts.set ?? FEATURE_SETS[variant];
  const ip = opts.inProgress ?? buildInProgress(sessions, { trainStates: cfg.trainStates });
  const { data } = ip;
  const y = data.labels;
  const n = y.length;
  const plans = groupedPlans(ip, cfg, 'states');
  log(
    `${variant}: ${ip.train.length} states of ${sessions.rows.length} sessions (kept: ${ip.sampled.map((s) => `${(s.rate * 100).toFixed(1)}% ${s.untilPageView === null ? 'later' : `until page view ${s.untilPageView}`}`).join(', ')})`,
  );

  log(`${variant}: neural ensemble, ${cfg.folds}-fold CV grouped by session`);
  const model = await crossValidate(n, plans, netLearner(data, variant, set, cfg));
  log(
    `${variant}: ${ip.points
      .map((p) => {
        const at = scoresOn(y, model, p.rows);
        return `k=${p.at} AUC ${at.rocAuc.toFixed(3)} ECE ${at.ece.toFixed(3)}`;
      })
      .join('; ')}`,
  );
  log(`${variant}: baselines`);
  const majority = await crossValidate(n, plans, majorityLearner(data));
  const logistic = await crossValidate(n, plans, logisticLearner(data, variant, set));
  const knn = await crossValidate(n, plans, knnLearner(data, variant, set));
  const gbt = await crossValidate(n, plans, gbtLearner(data, variant, set, cfg));
  log(`${variant}: the end-of-session model`);
  const totalsPlans = groupedPlans(ip, cfg, 'totals');
  const endModel = await crossValidate(n, totalsPlans, netLearner(data, variant, set, cfg));

  const reported = ip.points.filter((p) => p.at !== 'last').flatMap((p) => p.rows);
  let ablation: VariantReport['ablation'] = null;
  if (opts.ablation) {
    // On the sessions' totals, like the end-of-session model: whether the codes carry signal does not
    // need states, and on states this run would take as long as the model's own CV.
    log(`${variant}: ablation with the anonymised codes (end-of-session)`);
    const withSet: FeatureSet = { ...set, categorical: [...set.categorical, ...ANONYMISED_CODES] };
    const withCodes = await crossValidate(n, totalsPlans, netLearner(data, variant, withSet, cfg));
    ablation = {
      withCodes: scoresOn(y, withCodes, ip.totals),
      withoutCodes: scoresOn(y, endModel, ip.totals),
      codes: ANONYMISED_CODES,
    };
  }

  const points: Omit<PointReport, 'leaveRisk' | 'joint'>[] = ip.points.map(({ at, rows }) => {
    const yy = take(y, rows);
    const p = Float64Array.from(rows, (i) => model.oof[i]);
    return {
      at,
      sessions: rows.length,
      purchases: yy.reduce((s, v) => s + v, 0),
      model: { ...pointScores(y, model, rows), rocAuc95: rocAucInterval(yy, p) },
      baselines: {
        majority: pointScores(y, majority, rows),
        knn: pointScores(y, knn, rows),
        logistic: pointScores(y, logistic, rows),
        gbt: pointScores(y, gbt, rows),
      },
      endOfSessionModel: pointScores(y, endModel, rows),
      thresholdTable: thresholdTable(yy, p),
      reliability: reliabilityBins(yy, p),
    };
  });

  log(`${variant}: final fit on ${ip.train.length} states`);
  const { spec, X, d } = encodeWith(data.rows, ip.train, variant, set);
  const innerOfSession = stratifiedFolds(ip.sessionLabels, cfg.innerFolds, cfg.foldSeed);
  const inner = ip.train.map((r) => innerOfSession[ip.session[r]]);
  const { weights } = await fitShipped(X, d, y, ip.train, inner, cfg);
  const yr = take(y, reported);
  const pr = Float64Array.from(reported, (i) => model.oof[i]);
  // After the purchase model's final fit, so that nothing of the leave-risk run can touch it.
  const {
    points: leavePoints,
    joint,
    ...leaveRisk
  } = await runLeaveRisk(ip, variant, set, cfg, { plans, purchase: model, spec, X, inner }, log);

  return {
    variant,
    points: points.map((p, j) => ({ ...p, leaveRisk: leavePoints[j], joint: joint[j] })),
    model: { pooled: scoresOn(y, model, reported), perFold: perFoldOn(y, model, reported) },
    totals: { model: scoresOn(y, model, ip.totals), endOfSessionModel: scoresOn(y, endModel, ip.totals) },
    ablation,
    reliability: reliabilityBins(yr, pr),
    thresholdTable: thresholdTable(yr, pr),
    curves: curves(yr, pr),
    shippedThreshold: bestF1Threshold(yr, pr),
    states: { sampled: ip.train.length, share: ip.sampled },
    final: { spec, weights },
    leaveRisk,
  };
}
