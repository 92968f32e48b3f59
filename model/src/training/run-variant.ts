/**
 * One variant's whole run: the cross-validation of the shipped method, the baselines and the
 * optional ablation on the same folds, then the final fit on all rows. Everything here is pure
 * computation: ../artifacts/package.ts turns the result into artifact files.
 */
import { ANONYMISED_CODES, FEATURE_SETS } from '../../../src/features/columns';
import type { EncoderSpec, FeatureSet, Variant } from '../../../src/features/types';
import type { Dataset } from '../data/csv';
import { stratifiedFolds } from '../data/random';
import { crossValidate, DEFAULT_CV, type CvConfig, type CvResult } from '../evaluation/cross-validate';
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
export async function runVariant(
  data: Dataset,
  variant: Variant,
  cfg: CvConfig = DEFAULT_CV,
  opts: { ablation?: boolean; log?: (s: string) => void; set?: FeatureSet } = {},
): Promise<VariantReport> {
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
