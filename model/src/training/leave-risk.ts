/**
 * The leave-risk model of one variant (issue 17): P(the visit ends within the next 2 page views |
 * state at page view k), label in ../data/leave.ts. Its own net, trained by the same, unchanged
 * learner code as the purchase net, on the same sampled states, session-grouped folds and encoder,
 * with its own early stopping and calibration. Kept apart from ./run-variant.ts so that the purchase
 * model's training and figures are exactly what they were.
 */
import { fitEncoder } from '../../../src/features/fit';
import type { EncoderSpec, FeatureSet, Variant } from '../../../src/features/types';
import type { Dataset } from '../data/csv';
import type { InProgress } from '../data/in-progress';
import { leaveLabels } from '../data/leave';
import { take } from '../data/rows';
import {
  crossValidate,
  perFoldOn,
  pointScores,
  type CvConfig,
  type CvResult,
  type FoldPlan,
  type PointScores,
} from '../evaluation/cross-validate';
import { rocAucInterval, type Interval } from '../evaluation/intervals';
import { reliabilityBins, type ReliabilityBin, type Scores } from '../evaluation/metrics';
import { fitShipped, gbtLearner, majorityLearner, netLearner } from '../learners/adapters';
import type { NetWeights } from '../learners/net';

/** The leave-risk figures at one reported page view, on the sessions still going there. */
export interface LeavePointReport {
  sessions: number;
  /** Sessions whose visit ends within the next 2 page views. */
  leaving: number;
  /** `rocAuc95` is DeLong's interval (each session counts once at a page view). */
  model: PointScores & { rocAuc95: Interval };
  baselines: { majority: PointScores; gbt: PointScores };
  /** `purchaseRate` of each bin is the observed share leaving (the bins' shared type). */
  reliability: ReliabilityBin[];
}

/**
 * Sessions at one page view by out-of-fold purchase probability p and leave risk l:
 * `sessions[a][b]` counts those with floor(p * 100) = a and floor(l * 10) = b (clamped to the last
 * bin), `purchases[a][b]` the buyers among them. What the marketers' tuner reads.
 */
export interface JointTable {
  probabilityBins: 100;
  leaveRiskBins: 10;
  sessions: number[][];
  purchases: number[][];
}

/** Everything the leave-risk run of one variant produced. */
export interface LeaveReport {
  /** Per point of `ip.points`; null at the last page view, where every session leaves (no ranking to measure). */
  points: (LeavePointReport | null)[];
  /** Per point of `ip.points`, the last page view included. */
  joint: JointTable[];
  /** Pooled over the states at the reported page views (a session once per page view it reached). */
  pooled: { model: PointScores; majority: PointScores; gbt: PointScores; perFold: Scores[] };
  reliability: ReliabilityBin[];
  final: { weights: NetWeights };
  /** Wall-clock seconds of this run (CV, baselines, final fit): what the leave-risk model adds to training. */
  seconds: number;
}

const bin = (x: number, bins: number): number => Math.min(bins - 1, Math.max(0, Math.floor(x * bins)));

/** The joint table of one page view's rows (see {@link JointTable}). */
export function jointTable(purchase: readonly number[], p: ArrayLike<number>, l: ArrayLike<number>): JointTable {
  const grid = () => Array.from({ length: 100 }, () => new Array<number>(10).fill(0));
  const sessions = grid();
  const purchases = grid();
  purchase.forEach((y, i) => {
    const [a, b] = [bin(p[i], 100), bin(l[i], 10)];
    sessions[a][b]++;
    purchases[a][b] += y;
  });
  return { probabilityBins: 100, leaveRiskBins: 10, sessions, purchases };
}

/**
 * Cross-validates the leave-risk net and its baselines on the purchase model's folds (`plans`),
 * then fits it on every sampled state with the purchase model's inner folds. `purchase` is the
 * purchase net's CV, for the joint tables; `spec` the purchase model's encoder, which the leave net
 * must share (the runtime encodes a record once for both): refitted here on the same rows and
 * compared, so a change to either side's encoder fails training instead of serving two encoders.
 */
export async function runLeaveRisk(
  ip: InProgress,
  variant: Variant,
  set: FeatureSet,
  cfg: CvConfig,
  run: { plans: FoldPlan[]; purchase: CvResult; spec: EncoderSpec; X: Float32Array; inner: number[] },
  log: (s: string) => void = () => {},
): Promise<LeaveReport> {
  const t0 = Date.now();
  if (JSON.stringify(fitEncoder(take(ip.data.rows, ip.train), variant, set)) !== JSON.stringify(run.spec))
    throw new Error(`${variant}: the leave-risk net's encoder differs from the purchase model's`);
  const y = leaveLabels(ip);
  const data: Dataset = { ...ip.data, labels: y };
  const n = y.length;
  log(`${variant}: leave risk, neural ensemble, ${cfg.folds}-fold CV grouped by session`);
  const model = await crossValidate(n, run.plans, netLearner(data, variant, set, cfg));
  log(`${variant}: leave risk baselines`);
  const majority = await crossValidate(n, run.plans, majorityLearner(data));
  const gbt = await crossValidate(n, run.plans, gbtLearner(data, variant, set, cfg));

  const points = ip.points.map(({ at, rows }): LeavePointReport | null => {
    if (at === 'last') return null;
    const yy = take(y, rows);
    const p = Float64Array.from(rows, (i) => model.oof[i]);
    return {
      sessions: rows.length,
      leaving: yy.reduce((s, v) => s + v, 0),
      model: { ...pointScores(y, model, rows), rocAuc95: rocAucInterval(yy, p) },
      baselines: { majority: pointScores(y, majority, rows), gbt: pointScores(y, gbt, rows) },
      reliability: reliabilityBins(yy, p),
    };
  });
  log(
    `${variant}: leave risk ${ip.points
      .flatMap((p, j) =>
        points[j] ? [`k=${p.at} AUC ${points[j].model.rocAuc.toFixed(3)} ECE ${points[j].model.ece.toFixed(3)}`] : [],
      )
      .join('; ')}`,
  );
  const joint = ip.points.map(({ rows }) =>
    jointTable(
      take(ip.data.labels, rows),
      Float64Array.from(rows, (i) => run.purchase.oof[i]),
      Float64Array.from(rows, (i) => model.oof[i]),
    ),
  );
  const reported = ip.points.filter((p) => p.at !== 'last').flatMap((p) => p.rows);

  log(`${variant}: leave risk, final fit on ${ip.train.length} states`);
  const { weights } = await fitShipped(run.X, run.spec.inputNames.length, y, ip.train, run.inner, cfg);
  return {
    points,
    joint,
    pooled: {
      model: pointScores(y, model, reported),
      majority: pointScores(y, majority, reported),
      gbt: pointScores(y, gbt, reported),
      perFold: perFoldOn(y, model, reported),
    },
    reliability: reliabilityBins(
      take(y, reported),
      Float64Array.from(reported, (i) => model.oof[i]),
    ),
    final: { weights },
    seconds: (Date.now() - t0) / 1000,
  };
}
