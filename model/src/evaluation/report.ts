import type { Variant } from '../../../src/features/types';
import type { StatePoint } from '../data/in-progress';
import type { PageModel } from '../data/states';
import type { ReliabilityBin, Scores } from './metrics';
import type { NetConfig } from '../learners/net';
import type { TeacherConfig } from '../learners/teacher';
import type { PointReport, VariantReport } from '../training/run-variant';
import type { CvConfig, PointScores } from './cross-validate';
import { LEAVE_TARGET } from '../../../src/model/artifact-format';
import { LEAVE_DEFINITION } from '../data/leave';
import type { Curves, ThresholdRow } from './curves';

/** The content of one variant's `metrics.json`: everything the model card and the tuner read. */
export interface MetricsFile {
  /** 4: the leave-risk model (`leaveRisk`, and `leaveRisk` and `joint` per page view) added to 3. */
  schemaVersion: 4;
  /** True for `train --quick` (3 folds, a small net): never for models you ship. */
  quick: boolean;
  variant: Variant;
  modelVersion: string;
  data: { file: string; sha256: string; rows: number; purchases: number };
  inputs: string[];
  evaluation: { method: string; folds: number; foldSeed: number; innerFolds: number };
  net: NetConfig;
  teacher: TeacherConfig;
  /** How the sessions' totals became visits in progress (model/src/data/states.ts). */
  simulation: {
    pageModel: PageModel;
    seed: number;
    /** States the learners trained on, and the share of states kept per range of page views (null: every later one). */
    trainingStates: number;
    share: { untilPageView: number | null; rate: number }[];
    pageStatistics: string;
  };
  /**
   * Out-of-fold metrics pooled over the states at the reported page views (a session once per page
   * view it reached); F1, precision, recall and accuracy use each fold's own threshold.
   */
  cv: Scores & { rocAucFolds: number[]; prAucFolds: number[] };
  /**
   * Per reported page view, then at the session's last page view: the headline. Each also has the
   * leave-risk model's figures (`leaveRisk`, null at the last page view) and the `joint` table of
   * sessions and buyers by out-of-fold purchase probability and leave risk.
   */
  pageViews: PointReport[];
  /** On the sessions' totals as given (the literature's setting), for comparison only. */
  totals: { model: Scores; endOfSessionModel: Scores };
  /** The shipped model on its own training file's states (in-sample): what `evaluate --page-view k` reproduces. */
  /**
   * The shipped model on the training file laid out under other page models (in-sample, like
   * `inSample`): mean ROC AUC and worst ECE over the target page views, and the change from the default layout.
   */
  sensitivity: { pageModel: string; rocAuc: number; rocAucDelta: number; ece: number }[];
  inSample: { at: StatePoint; sessions: number; rocAuc: number; prAuc: number; brier: number; ece: number }[];
  ablation: {
    codes: string[];
    withCodes: Pick<Scores, 'rocAuc' | 'prAuc' | 'ece'>;
    withoutCodes: Pick<Scores, 'rocAuc' | 'prAuc' | 'ece'>;
  } | null;
  shipped: {
    threshold: number;
    epochs: number[];
    calibration: { a: number; b: number };
    weightsBytes: number;
    hiddenUnits: number;
  };
  reliability: ReliabilityBin[];
  /** Pooled over the reported page views; each page view's own table is in `pageViews`. */
  thresholdTable: ThresholdRow[];
  curves: Curves;
  /** Probabilities the shipped model gives fixed rows of the training file: a load-and-score check. */
  sample: { rows: number[]; probabilities: number[] };
  /** The leave-risk model (leave-model.json), pooled over the reported page views; per page view in `pageViews`. */
  leaveRisk: {
    target: typeof LEAVE_TARGET;
    definition: string;
    /** Out-of-fold, pooled as `cv` is; `rocAucFolds` per fold. */
    cv: PointScores & { rocAucFolds: number[] };
    baselines: { majority: PointScores; gbt: PointScores };
    reliability: ReliabilityBin[];
    shipped: { epochs: number[]; calibration: { a: number; b: number }; weightsBytes: number; hiddenUnits: number };
    /** Leave risks the shipped leave-risk model gives the rows of `sample`: a load-and-score check. */
    sample: { rows: number[]; probabilities: number[] };
    /** Of `trainingSeconds`, those the leave-risk model took (its CV, baselines and final fit). */
    trainingSeconds: number;
  };
  trainingSeconds: number;
  environment: { node: string; tfjs: string; backend: string };
}

/** Rounds every number in a metric object to 6 decimals: stable, diff-friendly files. */
function tidy<T>(x: T): T {
  return JSON.parse(
    JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e6) / 1e6 : v)),
  );
}

/** Assembles the metrics file of one variant from its CV report and the shipped model. */
export function buildMetrics(
  r: VariantReport,
  extra: {
    cv: CvConfig;
    quick: boolean;
    simulation: Omit<MetricsFile['simulation'], 'trainingStates' | 'share'>;
    inSample: MetricsFile['inSample'];
    sensitivity: MetricsFile['sensitivity'];
    modelVersion: string;
    data: MetricsFile['data'];
    weightsBytes: number;
    sample: MetricsFile['sample'];
    leaveWeightsBytes: number;
    leaveSample: MetricsFile['sample'];
    trainingSeconds: number;
    environment: MetricsFile['environment'];
  },
): MetricsFile {
  const pick = (s: Scores) => ({ rocAuc: s.rocAuc, prAuc: s.prAuc, ece: s.ece });
  return tidy({
    schemaVersion: 4,
    quick: extra.quick,
    variant: r.variant,
    modelVersion: extra.modelVersion,
    data: extra.data,
    inputs: r.final.spec.inputNames,
    evaluation: {
      method:
        "stratified k-fold over sessions, grouped (a session's states are never on both sides of a fold or an inner fold); in each outer fold the training sessions are dealt into stratified inner folds, which alone pick the teacher's trees, each member's early-stopping epoch, the calibration and the decision threshold",
      folds: extra.cv.folds,
      foldSeed: extra.cv.foldSeed,
      innerFolds: extra.cv.innerFolds,
    },
    net: extra.cv.net,
    teacher: extra.cv.teacher,
    simulation: { ...extra.simulation, trainingStates: r.states.sampled, share: r.states.share },
    cv: {
      ...r.model.pooled,
      rocAucFolds: r.model.perFold.map((s) => s.rocAuc),
      prAucFolds: r.model.perFold.map((s) => s.prAuc),
    },
    pageViews: r.points,
    totals: r.totals,
    inSample: extra.inSample,
    sensitivity: extra.sensitivity,
    ablation: r.ablation && {
      codes: r.ablation.codes,
      withCodes: pick(r.ablation.withCodes),
      withoutCodes: pick(r.ablation.withoutCodes),
    },
    shipped: {
      threshold: r.shippedThreshold,
      epochs: r.final.weights.epochs,
      calibration: r.final.weights.calibration,
      weightsBytes: extra.weightsBytes,
      hiddenUnits: r.final.weights.hiddenSize,
    },
    reliability: r.reliability,
    thresholdTable: r.thresholdTable,
    curves: r.curves,
    sample: extra.sample,
    leaveRisk: {
      target: LEAVE_TARGET,
      definition: LEAVE_DEFINITION,
      cv: { ...r.leaveRisk.pooled.model, rocAucFolds: r.leaveRisk.pooled.perFold.map((s) => s.rocAuc) },
      baselines: { majority: r.leaveRisk.pooled.majority, gbt: r.leaveRisk.pooled.gbt },
      reliability: r.leaveRisk.reliability,
      shipped: {
        epochs: r.leaveRisk.final.weights.epochs,
        calibration: r.leaveRisk.final.weights.calibration,
        weightsBytes: extra.leaveWeightsBytes,
        hiddenUnits: r.leaveRisk.final.weights.hiddenSize,
      },
      sample: extra.leaveSample,
      trainingSeconds: r.leaveRisk.seconds,
    },
    trainingSeconds: extra.trainingSeconds,
    environment: extra.environment,
  });
}
