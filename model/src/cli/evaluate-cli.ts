/**
 * `npm run --silent evaluate -- --data <file.csv> [--page-view k] [--format json] [--artifacts <dir>]`:
 * scores any CSV in the UCI schema with the shipped artifacts. With `--format json` stdout is exactly
 * one JSON object: {"rows": N, "variants": {"full": {...}, "behavioral": {...}}} (a stable contract).
 * Without `--page-view` the rows are scored as given (session totals); with it, each session as it
 * looks at page view k (a positive integer, or `last`) under the documented simulation
 * (model/src/data/states.ts, the layout training uses), and N counts the sessions still going at k.
 */
import path from 'node:path';
import { encodeMany } from '../../../src/features/encode';
import type { Variant } from '../../../src/features/types';
import { loadVariant } from '../artifacts/model-files';
import { initNodeBackend } from '../learners/backend';
import { DEFAULT_PATHS, flags, runMain } from './cli';
import { readUciCsv, requireBothClasses } from '../data/csv';
import { scoreAll, type Scores } from '../evaluation/metrics';
import { predict } from '../learners/net';
import { VARIANTS } from '../../../src/model/artifact-format';
import { statesAt, type StatePoint } from '../data/in-progress';

const KEYS = ['rocAuc', 'prAuc', 'f1', 'precision', 'recall', 'accuracy', 'brier', 'ece', 'threshold'] as const;

/**
 * Reads the file and encodes it for both variants, then lets the row objects go before any
 * prediction: with millions of rows, keeping them alive made every garbage collection slow.
 */
async function encodeFile(file: string, artifacts: string, at: StatePoint | null) {
  const sessions = readUciCsv(file);
  requireBothClasses(sessions, file);
  const data = at === null ? sessions : statesAt(sessions, [at])[0];
  if (at !== null) requireBothClasses(data, `${file} at page view ${at}`);
  const encoded = {} as Record<
    Variant,
    Awaited<ReturnType<typeof loadVariant>> & { X: Float32Array; encodeSeconds: number }
  >;
  for (const variant of VARIANTS) {
    const loaded = await loadVariant(path.join(artifacts, variant));
    const t0 = performance.now();
    const X = encodeMany(loaded.encoder, data.rows);
    encoded[variant] = { ...loaded, X, encodeSeconds: (performance.now() - t0) / 1000 };
  }
  return { labels: data.labels, encoded, rows: data.rows.length };
}

/** The `--page-view` flag: null without it, else a page view of 1 or more, or `last`. */
function pageViewOf(raw: string | undefined): StatePoint | null {
  if (raw === undefined) return null;
  if (raw === 'last') return 'last';
  if (!/^[1-9]\d*$/.test(raw))
    throw new Error(`--page-view must be a page view (1, 2, 3, ...) or last, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

runMain(async () => {
  const args = flags({
    data: { type: 'string' },
    format: { type: 'string', default: 'table' },
    artifacts: { type: 'string', default: DEFAULT_PATHS.artifacts },
    'page-view': { type: 'string' },
  });
  const at = pageViewOf(args['page-view'] as string | undefined);
  if (!args.data) throw new Error('missing --data <file.csv>');
  if (args.format !== 'json' && args.format !== 'table')
    throw new Error(`unknown --format ${JSON.stringify(args.format)}; use json or table`);
  const file = args.data as string;
  await initNodeBackend();
  const { labels, encoded, rows } = await encodeFile(file, args.artifacts as string, at);
  const variants = {} as Record<Variant, Scores & { rowsPerSecond: number }>;
  for (const variant of VARIANTS) {
    const { model, encoder, metadata, X, encodeSeconds } = encoded[variant];
    const t0 = performance.now();
    const p = predict(model, X, rows, encoder.inputNames.length);
    const seconds = encodeSeconds + (performance.now() - t0) / 1000;
    model.dispose();
    const s = scoreAll(labels, p, metadata.threshold);
    variants[variant] = { ...s, rowsPerSecond: rows / Math.max(seconds, 1e-9) };
  }
  if (args.format === 'json') {
    const pick = (s: Scores) => Object.fromEntries(KEYS.map((k) => [k, Math.round(s[k] * 1e6) / 1e6]));
    process.stdout.write(
      `${JSON.stringify({ rows, variants: { full: pick(variants.full), behavioral: pick(variants.behavioral) } })}\n`,
    );
    return;
  }
  const lines = [
    `${file}: ${rows} ${at === null ? 'rows' : `sessions still going at page view ${at}`}`,
    '',
    `| metric | full | behavioral |`,
    '|---|---|---|',
  ];
  for (const k of KEYS) lines.push(`| ${k} | ${variants.full[k].toFixed(4)} | ${variants.behavioral[k].toFixed(4)} |`);
  lines.push(
    `| rows/s scored | ${variants.full.rowsPerSecond.toFixed(0)} | ${variants.behavioral.rowsPerSecond.toFixed(0)} |`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
});
