/**
 * `npm run train [-- --data <csv>] [--out <dir>]`: cross-validates both variants with baselines and
 * the ablation, fits the shipped models, and writes the artifacts, charts and model card.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encodeMany } from '../../src/features/encode';
import type { Variant } from '../../src/types';
import { FILES, modelVersion, serialise, writeFolderAtomically } from './artifacts';
import { initBackend } from './backend';
import { DEFAULTS, flags, main } from './cli';
import { readUciCsv, requireBothClasses } from './csv';
import { cardLocation, generatedDocs, writeFileAtomically } from './docs';
import { predict, toLayersModel } from './net';
import { DEFAULT_CV, runVariant } from './pipeline';
import { buildMetrics, type MetricsFile } from './report';

/** Rows of the training file whose shipped probabilities are recorded as a reload check. */
const SAMPLE_EVERY = 500;

main(async () => {
  const args = flags({ data: { type: 'string', default: DEFAULTS.data }, out: { type: 'string', default: DEFAULTS.artifacts } });
  const file = args.data as string;
  const out = args.out as string;
  const backend = await initBackend();
  const data = readUciCsv(file);
  requireBothClasses(data, file);
  const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
  const started = Date.now();
  const files: Record<string, string | Uint8Array> = {};
  const metrics = {} as Record<Variant, MetricsFile>;

  for (const variant of ['full', 'behavioral'] as const) {
    const t0 = Date.now();
    const report = await runVariant(data, variant, DEFAULT_CV, { ablation: true, log: (s) => process.stderr.write(`${s}\n`) });
    const { spec, weights } = report.final;
    const model = toLayersModel(weights);
    const sampleRows = data.rows.map((_, i) => i).filter((i) => i % SAMPLE_EVERY === 0);
    const d = spec.inputNames.length;
    const sample = Array.from(predict(model, encodeMany(spec, sampleRows.map((i) => data.rows[i])), sampleRows.length, d));
    const probe = await serialise(model, { variant, modelVersion: '', encoderSchemaVersion: spec.schemaVersion, threshold: 0 });
    const version = modelVersion(variant, probe.weights, spec);
    const saved = await serialise(model, { variant, modelVersion: version, encoderSchemaVersion: spec.schemaVersion, threshold: Math.round(report.shippedThreshold * 1e6) / 1e6 });
    model.dispose();
    metrics[variant] = buildMetrics(report, {
      cv: DEFAULT_CV,
      modelVersion: version,
      data: { file: path.relative(process.cwd(), file) || file, sha256, rows: data.rows.length, purchases: data.labels.reduce((s, y) => s + y, 0) },
      weightsBytes: saved.weights.byteLength,
      sample: { rows: sampleRows, probabilities: sample },
      trainingSeconds: (Date.now() - t0) / 1000,
      environment: { node: process.versions.node, tfjs: tf.version.tfjs, backend },
    });
    files[`${variant}/${FILES.model}`] = `${saved.json}\n`;
    files[`${variant}/${FILES.weights}`] = new Uint8Array(saved.weights);
    files[`${variant}/${FILES.encoder}`] = `${JSON.stringify(spec, null, 2)}\n`;
    files[`${variant}/${FILES.metrics}`] = `${JSON.stringify(metrics[variant], null, 2)}\n`;
    const c = metrics[variant].cv;
    process.stderr.write(`${variant}: ROC AUC ${c.rocAuc.toFixed(4)}, PR AUC ${c.prAuc.toFixed(4)}, ECE ${c.ece.toFixed(4)} in ${metrics[variant].trainingSeconds.toFixed(1)} s\n`);
  }
  const docs = generatedDocs(metrics, out);
  const chartsPrefix = path.join(out, 'charts') + path.sep;
  // Charts live inside the artifacts folder and are written atomically with it; the card and README after.
  for (const [file, content] of Object.entries(docs)) if (file.startsWith(chartsPrefix)) files[path.relative(out, file)] = content;
  writeFolderAtomically(out, files);
  for (const [file, content] of Object.entries(docs)) if (!file.startsWith(chartsPrefix)) writeFileAtomically(file, content);
  const cardFile = cardLocation(out).file;
  process.stdout.write(`Trained both variants in ${((Date.now() - started) / 1000).toFixed(1)} s; artifacts in ${out}, model card ${cardFile}\n`);
});
