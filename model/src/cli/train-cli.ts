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
 * The two variants train at the same time in two child processes of this same command (tfjs's
 * wasm backend uses one core; the budget is 5 minutes on 2 cores). `--variant <name>` is that
 * child's mode: train one variant and print its files and metrics as JSON on stdout.
 */
import * as tf from '@tensorflow/tfjs';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { encodeMany } from '../../../src/features/encode';
import type { Variant } from '../../../src/features/types';
import { modelVersion, serialise, writeFolderAtomically } from '../artifacts/model-files';
import { initBackend } from '../learners/backend';
import { DEFAULTS, flags, main } from './cli';
import { readUciCsv, requireBothClasses } from '../data/csv';
import { writeFileAtomically } from '../lib/atomic-write';
import { cardLocation, generatedDocs } from '../docs/generated';
import { predict, toLayersModel } from '../learners/net';
import { DEFAULT_CV, QUICK_CV } from '../evaluation/cross-validate';
import { runVariant } from '../training/run-variant';
import { buildMetrics, type MetricsFile } from '../evaluation/report';
import { appendBase, codesVary, featureSetFor, requireEnoughRows, requireTrainableSize, rowsFor } from '../data/training-data';
import { ARTIFACT_FILES } from '../../../src/model/artifact-format';

/** Rows of the training file whose shipped probabilities are recorded as a reload check. */
const SAMPLE_EVERY = 500;

/** What one variant's training hands back: its metrics and the files of its artifact folder. */
interface VariantOutput {
  metrics: MetricsFile;
  text: Record<string, string>;
  /** weights.bin, base64 (the child sends JSON). */
  weights: string;
}

/**
 * Trains one variant in a child process of this command (same flags plus `--variant`), passing its
 * progress lines through; rejects with the child's own one-line error when it fails.
 */
function inChild(variant: Variant): Promise<VariantOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...process.argv.slice(2), '--variant', variant], { stdio: ['ignore', 'pipe', 'pipe'] });
    // If this process ends first (the other variant failed), the child goes with it.
    const stop = (): void => void child.kill();
    process.once('exit', stop);
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      process.off('exit', stop);
      if (code === 0) resolve(JSON.parse(out) as VariantOutput);
      else reject(new Error(/error: (.*)/.exec(err)?.[1] ?? `training ${variant} exited with code ${String(code)}`));
    });
  });
}

main(async () => {
  const args = flags({
    data: { type: 'string', default: DEFAULTS.data }, out: { type: 'string', default: DEFAULTS.artifacts },
    'include-base': { type: 'boolean', default: false }, quick: { type: 'boolean', default: false },
    variant: { type: 'string', default: '' },
  });
  const only = args.variant as Variant | '';
  if (only && only !== 'full' && only !== 'behavioral') throw new Error(`--variant must be full or behavioral, got ${JSON.stringify(only)}`);
  const file = args.data as string;
  const out = args.out as string;
  const includeBase = args['include-base'] === true;
  const cv = args.quick ? QUICK_CV : DEFAULT_CV;
  if (includeBase && path.resolve(file) === path.resolve(DEFAULTS.data)) {
    throw new Error(`--include-base appends ${DEFAULTS.data}, which is already --data: its rows would count twice`);
  }
  const backend = await initBackend();
  if (existsSync(file)) requireTrainableSize(file, readFileSync(file));
  const own = readUciCsv(file);
  const data = includeBase ? appendBase(own, readUciCsv(DEFAULTS.data)) : own;
  requireBothClasses(data, file);
  const sources = includeBase ? [file, DEFAULTS.data] : [file];
  // One hash over the files in order: the metrics name exactly the bytes the models came from.
  const hash = createHash('sha256');
  for (const f of sources) hash.update(readFileSync(f));
  const sha256 = hash.digest('hex');
  const dataLabel = sources.map((f) => path.relative(process.cwd(), f) || f).join(' + ');
  const byVariant = { full: rowsFor('full', data), behavioral: rowsFor('behavioral', data) };
  // Check both variants before minutes of training, and before any progress line: a failure is one line.
  requireEnoughRows(byVariant.behavioral, cv.folds, file);
  const skipped = data.rows.length - byVariant.full.rows.length;
  requireEnoughRows(byVariant.full, cv.folds, file, skipped ? ` among the rows with hasPageStats TRUE (${skipped} rows without page statistics cannot train full)` : '');
  const ablation = !includeBase && codesVary(data);
  const trainOne = async (variant: Variant): Promise<VariantOutput> => {
    const t0 = Date.now();
    const rows = byVariant[variant];
    const report = await runVariant(rows, variant, cv, { ablation, set: featureSetFor(variant, data), log: (s) => process.stderr.write(`${s}\n`) });
    const { spec, weights } = report.final;
    const model = toLayersModel(weights);
    const sampleRows = rows.rows.map((_, i) => i).filter((i) => i % SAMPLE_EVERY === 0);
    const d = spec.inputNames.length;
    const sample = Array.from(predict(model, encodeMany(spec, sampleRows.map((i) => rows.rows[i])), sampleRows.length, d));
    const probe = await serialise(model, { variant, modelVersion: '', encoderSchemaVersion: spec.schemaVersion, threshold: 0 });
    const version = modelVersion(variant, probe.weights, spec);
    const saved = await serialise(model, { variant, modelVersion: version, encoderSchemaVersion: spec.schemaVersion, threshold: Math.round(report.shippedThreshold * 1e6) / 1e6 });
    model.dispose();
    const metrics = buildMetrics(report, {
      cv,
      modelVersion: version,
      data: { file: dataLabel, sha256, rows: rows.rows.length, purchases: rows.labels.reduce((s, y) => s + y, 0) },
      weightsBytes: saved.weights.byteLength,
      sample: { rows: sampleRows, probabilities: sample },
      trainingSeconds: (Date.now() - t0) / 1000,
      environment: { node: process.versions.node, tfjs: tf.version.tfjs, backend },
    });
    const c = metrics.cv;
    process.stderr.write(`${variant}: ROC AUC ${c.rocAuc.toFixed(4)}, PR AUC ${c.prAuc.toFixed(4)}, ECE ${c.ece.toFixed(4)} in ${metrics.trainingSeconds.toFixed(1)} s\n`);
    return {
      metrics,
      text: {
        [`${variant}/${ARTIFACT_FILES.model}`]: `${saved.json}\n`,
        [`${variant}/${ARTIFACT_FILES.encoder}`]: `${JSON.stringify(spec, null, 2)}\n`,
        [`${variant}/${ARTIFACT_FILES.metrics}`]: `${JSON.stringify(metrics, null, 2)}\n`,
      },
      weights: Buffer.from(saved.weights).toString('base64'),
    };
  };
  if (only) {
    process.stdout.write(JSON.stringify(await trainOne(only)));
    return;
  }
  if (data.extraColumns?.length) process.stderr.write(`extra categorical inputs from the file: ${data.extraColumns.join(', ')}\n`);
  if (!ablation) process.stderr.write('ablation of the anonymised codes skipped: they are constant or the shipped rows are appended\n');
  if (skipped) process.stderr.write(`full: ${skipped} rows without page statistics (hasPageStats FALSE) left out\n`);
  const started = Date.now();
  const variants = ['full', 'behavioral'] as const;
  const outputs = availableParallelism() >= 2
    ? await Promise.all(variants.map((v) => inChild(v)))
    : [await trainOne('full'), await trainOne('behavioral')];
  const files: Record<string, string | Uint8Array> = {};
  const metrics = {} as Record<Variant, MetricsFile>;
  variants.forEach((variant, i) => {
    const o = outputs[i];
    metrics[variant] = o.metrics;
    Object.assign(files, o.text);
    files[`${variant}/${ARTIFACT_FILES.weights}`] = new Uint8Array(Buffer.from(o.weights, 'base64'));
  });

  const docs = generatedDocs(metrics, out);
  const chartsPrefix = path.join(out, 'charts') + path.sep;
  // Charts live inside the artifacts folder and are written atomically with it; the card and README after.
  for (const [file, content] of Object.entries(docs)) if (file.startsWith(chartsPrefix)) files[path.relative(out, file)] = content;
  writeFolderAtomically(out, files);
  for (const [file, content] of Object.entries(docs)) if (!file.startsWith(chartsPrefix)) writeFileAtomically(file, content);
  const cardFile = cardLocation(out).file;
  process.stdout.write(`Trained both variants in ${((Date.now() - started) / 1000).toFixed(1)} s; artifacts in ${out}, model card ${cardFile}\n`);
});
