/**
 * `npm run train [-- --data <csv>] [--include-base] [--quick] [--out <dir>]`: cross-validates both
 * variants with baselines and the ablation, fits the shipped models, and writes the artifacts, charts
 * and model card.
 *
 * On a shop's own export (`npm run export-csv`): its `browserFamily` and `trafficSource` columns, when
 * present, become categorical inputs of both variants; `full` trains only on rows with
 * `hasPageStats` TRUE; the ablation of the anonymised codes is skipped when they are constant (as in
 * every export) or with `--include-base`, which appends the shipped UCI file's rows.
 * `--quick` (tests, first tries) uses QUICK_CV: 3 folds and a small net.
 *
 * The two variants train at the same time in two child processes of this same command
 * (../training/child-process.ts); `--variant <name>` is that child's mode, which reports to its
 * parent over IPC. With fewer than 2 cores they train one after the other in this process.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { encodeMany } from '../../../src/features/encode';
import type { Variant } from '../../../src/features/types';
import { packageVariant, type VariantArtifacts } from '../artifacts/package';
import { initNodeBackend } from '../learners/backend';
import { DEFAULT_PATHS, flags, runMain } from './cli';
import { readUciCsv, requireBothClasses, type Dataset } from '../data/csv';
import { writeFileAtomically, writeFolderAtomically } from '../lib/atomic-write';
import { cardLocation, generatedDocs } from '../docs/generated';
import { predict, toLayersModel } from '../learners/net';
import { DEFAULT_CV, QUICK_CV, type CvConfig } from '../evaluation/cross-validate';
import { runVariant } from '../training/run-variant';
import { buildMetrics, type MetricsFile } from '../evaluation/report';
import {
  appendBase,
  codesVary,
  featureSetFor,
  requireEnoughRows,
  requireTrainableSize,
  rowsFor,
} from '../data/training-data';
import { CHILD_FLAG, hasParent, reportToParent, trainInChild } from '../training/child-process';
import { VARIANTS } from '../../../src/model/artifact-format';
import {
  overTargets,
  REPORTED_PAGE_VIEWS,
  STATE_SEED,
  statesAt,
  TARGET_PAGE_VIEWS,
  type StatePoint,
} from '../data/in-progress';
import { DEFAULT_PAGE_MODEL, PAGE_STATISTICS_ASSUMPTION, type PageModel } from '../data/states';
import type { EncoderSpec } from '../../../src/features/types';
import { scoreAll } from '../evaluation/metrics';

/** Rows of the training file whose shipped probabilities are recorded as a reload check. */
const SAMPLE_EVERY = 500;

/** The flags of `train` (the child gets the same ones plus `--variant`). */
const OPTIONS = {
  data: { type: 'string', default: DEFAULT_PATHS.data },
  out: { type: 'string', default: DEFAULT_PATHS.artifacts },
  'include-base': { type: 'boolean', default: false },
  quick: { type: 'boolean', default: false },
  variant: { type: 'string', default: '' },
} as const;

/** Everything both variants' training reads, checked before any of it starts. */
interface Prepared {
  cv: CvConfig;
  quick: boolean;
  backend: string;
  data: Dataset;
  byVariant: Record<Variant, Dataset>;
  /** Rows without page statistics, which `full` leaves out. */
  skipped: number;
  ablation: boolean;
  /** The training file(s) as the metrics name them, and one hash over their bytes. */
  sources: { label: string; sha256: string };
}

/** Reads and checks the training data; every problem is one line before any training starts. */
async function prepare(args: ReturnType<typeof flags<typeof OPTIONS>>): Promise<Prepared> {
  const file = args.data as string;
  const includeBase = args['include-base'] === true;
  const cv = args.quick ? QUICK_CV : DEFAULT_CV;
  if (includeBase && path.resolve(file) === path.resolve(DEFAULT_PATHS.data)) {
    throw new Error(
      `--include-base appends ${DEFAULT_PATHS.data}, which is already --data: its rows would count twice`,
    );
  }
  const backend = await initNodeBackend();
  if (existsSync(file)) requireTrainableSize(file, readFileSync(file));
  const own = readUciCsv(file);
  const data = includeBase ? appendBase(own, readUciCsv(DEFAULT_PATHS.data)) : own;
  requireBothClasses(data, file);
  const sources = includeBase ? [file, DEFAULT_PATHS.data] : [file];
  // One hash over the files in order: the metrics name exactly the bytes the models came from.
  const hash = createHash('sha256');
  for (const f of sources) hash.update(readFileSync(f));
  const sha256 = hash.digest('hex');
  const label = sources.map((f) => path.relative(process.cwd(), f) || f).join(' + ');
  const byVariant = Object.fromEntries(VARIANTS.map((v) => [v, rowsFor(v, data)])) as Record<Variant, Dataset>;
  // Check both variants before minutes of training, and before any progress line: a failure is one line.
  requireEnoughRows(byVariant.behavioral, cv.folds, file);
  const skipped = data.rows.length - byVariant.full.rows.length;
  requireEnoughRows(
    byVariant.full,
    cv.folds,
    file,
    skipped ? ` among the rows with hasPageStats TRUE (${skipped} rows without page statistics cannot train full)` : '',
  );
  const ablation = !includeBase && codesVary(data);
  return { cv, quick: args.quick === true, backend, data, byVariant, skipped, ablation, sources: { label, sha256 } };
}

/** The layouts the default page model is checked against (model/src/data/states.ts). */
const OTHER_PAGE_MODELS: PageModel[] = [
  { order: 'shuffled', durations: 'random' },
  { order: 'blocks', durations: 'mean' },
  { order: 'blocks', durations: 'random' },
];

/** The shipped model's figures on each session's state at each of `points`, under a page model. */
function scoreStates(
  rows: Dataset,
  points: readonly StatePoint[],
  score: (X: Float32Array, n: number) => Float32Array,
  spec: EncoderSpec,
  model: PageModel = DEFAULT_PAGE_MODEL,
): MetricsFile['inSample'] {
  return statesAt(rows, points, model).map((states, j) => {
    const s = scoreAll(states.labels, score(encodeMany(spec, states.rows), states.rows.length), NaN);
    return {
      at: points[j],
      sessions: states.rows.length,
      rocAuc: s.rocAuc,
      prAuc: s.prAuc,
      brier: s.brier,
      ece: s.ece,
    };
  });
}

/**
 * How much the shipped model's figures depend on the page model: its mean ROC AUC and worst ECE over
 * the target page views when the training file's sessions are laid out otherwise, against `inSample`,
 * the default layout (in-sample both, so the difference is what the layout alone changes).
 */
function pageModelSensitivity(
  rows: Dataset,
  score: (X: Float32Array, n: number) => Float32Array,
  spec: EncoderSpec,
  inSample: MetricsFile['inSample'],
): MetricsFile['sensitivity'] {
  const base = overTargets(inSample);
  return OTHER_PAGE_MODELS.map((m) => {
    const f = overTargets(scoreStates(rows, TARGET_PAGE_VIEWS, score, spec, m));
    return {
      pageModel: `${m.order}/${m.durations}`,
      rocAuc: f.rocAuc,
      rocAucDelta: f.rocAuc - base.rocAuc,
      ece: f.ece,
    };
  });
}

/** Cross-validates and fits one variant, and packages its artifact folder. */
async function trainVariant(p: Prepared, variant: Variant): Promise<VariantArtifacts> {
  const t0 = Date.now();
  const rows = p.byVariant[variant];
  const report = await runVariant(rows, variant, p.cv, {
    ablation: p.ablation,
    set: featureSetFor(variant, p.data),
    log: (s) => process.stderr.write(`${s} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`),
  });
  const { spec, weights } = report.final;
  const model = toLayersModel(weights);
  const leaveModel = toLayersModel(report.leaveRisk.final.weights);
  const sampleRows = rows.rows.map((_, i) => i).filter((i) => i % SAMPLE_EVERY === 0);
  const d = spec.inputNames.length;
  const sampleX = encodeMany(
    spec,
    sampleRows.map((i) => rows.rows[i]),
  );
  const sample = Array.from(predict(model, sampleX, sampleRows.length, d));
  const leaveSample = Array.from(predict(leaveModel, sampleX, sampleRows.length, d));
  const score = (X: Float32Array, n: number) => predict(model, X, n, d);
  const inSample = scoreStates(rows, [...REPORTED_PAGE_VIEWS, 'last'], score, spec);
  const sensitivity = pageModelSensitivity(rows, score, spec, inSample);
  const packaged = await packageVariant(model, leaveModel, spec, report.shippedThreshold, (shipped) =>
    buildMetrics(report, {
      cv: p.cv,
      quick: p.quick,
      simulation: { pageModel: DEFAULT_PAGE_MODEL, seed: STATE_SEED, pageStatistics: PAGE_STATISTICS_ASSUMPTION },
      inSample,
      sensitivity,
      modelVersion: shipped.modelVersion,
      data: {
        file: p.sources.label,
        sha256: p.sources.sha256,
        rows: rows.rows.length,
        purchases: rows.labels.reduce((s, y) => s + y, 0),
      },
      weightsBytes: shipped.weightsBytes,
      sample: { rows: sampleRows, probabilities: sample },
      leaveWeightsBytes: shipped.leaveWeightsBytes,
      leaveSample: { rows: sampleRows, probabilities: leaveSample },
      trainingSeconds: (Date.now() - t0) / 1000,
      environment: { node: process.versions.node, tfjs: tf.version.tfjs, backend: p.backend },
    }),
  );
  model.dispose();
  leaveModel.dispose();
  const c = packaged.metrics.cv;
  const at = packaged.metrics.pageViews
    .map((pv) => `k=${pv.at} AUC ${pv.model.rocAuc.toFixed(3)} ECE ${pv.model.ece.toFixed(3)}`)
    .join('; ');
  process.stderr.write(
    `${variant}: pooled ROC AUC ${c.rocAuc.toFixed(4)}, PR AUC ${c.prAuc.toFixed(4)}, ECE ${c.ece.toFixed(4)} in ${packaged.metrics.trainingSeconds.toFixed(1)} s; ${at}\n`,
  );
  const l = packaged.metrics.leaveRisk.cv;
  process.stderr.write(
    `${variant}: leave risk pooled ROC AUC ${l.rocAuc.toFixed(4)}, ECE ${l.ece.toFixed(4)} (boosted trees ${packaged.metrics.leaveRisk.baselines.gbt.rocAuc.toFixed(4)})\n`,
  );
  return packaged;
}

runMain(async () => {
  const args = flags(OPTIONS, undefined, ['variant']);
  const only = args.variant as Variant | '';
  if (only && !VARIANTS.includes(only))
    throw new Error(`--variant must be ${VARIANTS.join(' or ')}, got ${JSON.stringify(only)}`);
  if (only && !hasParent())
    throw new Error(`${CHILD_FLAG} is the child mode of train, which only train itself starts (over an IPC channel)`);
  const out = args.out as string;
  if (only) return reportToParent(async () => trainVariant(await prepare(args), only));
  const p = await prepare(args);
  if (p.data.extraColumns?.length)
    process.stderr.write(`extra categorical inputs from the file: ${p.data.extraColumns.join(', ')}\n`);
  if (!p.ablation)
    process.stderr.write(
      'ablation of the anonymised codes skipped: they are constant or the shipped rows are appended\n',
    );
  if (p.skipped)
    process.stderr.write(`full: ${p.skipped} rows without page statistics (hasPageStats FALSE) left out\n`);
  const started = Date.now();
  const outputs: VariantArtifacts[] = [];
  if (availableParallelism() >= 2) outputs.push(...(await Promise.all(VARIANTS.map((v) => trainInChild(v)))));
  else for (const v of VARIANTS) outputs.push(await trainVariant(p, v));
  const files: Record<string, string | Uint8Array> = {};
  const metrics = {} as Record<Variant, MetricsFile>;
  VARIANTS.forEach((variant, i) => {
    metrics[variant] = outputs[i].metrics;
    for (const [name, content] of Object.entries(outputs[i].files)) files[`${variant}/${name}`] = content;
  });

  const docs = generatedDocs(metrics, out);
  const chartsPrefix = path.join(out, 'charts') + path.sep;
  // Charts live inside the artifacts folder and are written atomically with it; the card and README after.
  for (const [file, content] of Object.entries(docs))
    if (file.startsWith(chartsPrefix)) files[path.relative(out, file)] = content;
  writeFolderAtomically(out, files);
  for (const [file, content] of Object.entries(docs))
    if (!file.startsWith(chartsPrefix)) writeFileAtomically(file, content);
  const cardFile = cardLocation(out).file;
  process.stdout.write(
    `Trained both variants in ${((Date.now() - started) / 1000).toFixed(1)} s; artifacts in ${out}, model card ${cardFile}\n`,
  );
});
