import type { Variant } from '../../../src/features/types';
import type { Interval } from './intervals';
import type { ReliabilityBin, Scores } from './metrics';
import type { NetConfig } from '../learners/net';
import type { TeacherConfig } from '../learners/teacher';
import type { VariantReport } from '../training/run-variant';
import type { CvConfig } from './cross-validate';
import type { Curves, ThresholdRow } from './curves';

/** The content of one variant's `metrics.json`: everything the model card and the tuner read. */
export interface MetricsFile {
  schemaVersion: 2;
  variant: Variant;
  modelVersion: string;
  data: { file: string; sha256: string; rows: number; purchases: number };
  inputs: string[];
  evaluation: { method: string; folds: number; foldSeed: number; innerFolds: number };
  net: NetConfig;
  teacher: TeacherConfig;
  /**
   * Pooled out-of-fold metrics; F1, precision, recall and accuracy use each fold's own threshold.
   * `rocAuc95`: DeLong's 95% interval of the pooled ROC AUC (the sampling of these sessions only).
   */
  cv: Scores & { rocAucFolds: number[]; prAucFolds: number[]; rocAuc95: Interval };
  baselines: { majority: Scores; knn: Scores; logistic: Scores; gbt: Scores };
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
  thresholdTable: ThresholdRow[];
  curves: Curves;
  /** Probabilities the shipped model gives fixed rows of the training file: a load-and-score check. */
  sample: { rows: number[]; probabilities: number[] };
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
    modelVersion: string;
    data: MetricsFile['data'];
    weightsBytes: number;
    sample: MetricsFile['sample'];
    trainingSeconds: number;
    environment: MetricsFile['environment'];
  },
): MetricsFile {
  const pick = (s: Scores) => ({ rocAuc: s.rocAuc, prAuc: s.prAuc, ece: s.ece });
  return tidy({
    schemaVersion: 2,
    variant: r.variant,
    modelVersion: extra.modelVersion,
    data: extra.data,
    inputs: r.final.spec.inputNames,
    evaluation: {
      method:
        "stratified k-fold; in each outer fold the training part is dealt into stratified inner folds, which alone pick the teacher's trees, each member's early-stopping epoch, the calibration and the decision threshold",
      folds: extra.cv.folds,
      foldSeed: extra.cv.foldSeed,
      innerFolds: extra.cv.innerFolds,
    },
    net: extra.cv.net,
    teacher: extra.cv.teacher,
    cv: {
      ...r.model.pooled,
      rocAucFolds: r.model.perFold.map((s) => s.rocAuc),
      prAucFolds: r.model.perFold.map((s) => s.prAuc),
      rocAuc95: r.rocAuc95,
    },
    baselines: {
      majority: r.baselines.majority.pooled,
      knn: r.baselines.knn.pooled,
      logistic: r.baselines.logistic.pooled,
      gbt: r.baselines.gbt.pooled,
    },
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
    trainingSeconds: extra.trainingSeconds,
    environment: extra.environment,
  });
}
