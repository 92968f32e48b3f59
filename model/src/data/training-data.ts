/**
 * What a training run reads besides the pipeline itself: which rows and which columns each variant
 * trains on, for the shipped UCI file as for a shop's own export (with or without the UCI rows).
 * On the UCI file alone every function here is the identity, so the shipped models do not change.
 */
import { ANONYMISED_CODES, FEATURE_SETS } from '../../../src/features/columns';
import type { FeatureSet, SessionRecord, Variant } from '../../../src/features/types';
import { DataError, type Dataset } from './csv';

/**
 * The category the shipped file's rows get in a column only the shop's export has (browser family,
 * traffic source): the UCI codes for them are anonymised. Parenthesised so that it cannot collide
 * with a name the SDK reports.
 */
export const UNKNOWN_CATEGORY = '(unknown)';

/**
 * Most rows one `train` run takes: its k-nearest-neighbours baseline costs the square of the rows
 * (about 50 minutes at 100,000 on 2 cores), so a bigger file is refused at once, not after hours.
 */
export const MAX_TRAIN_ROWS = 250_000;

/** Throws a one-line {@link DataError} when the file has more data rows than one run takes (counted without parsing). */
export function requireTrainableSize(file: string, bytes: Uint8Array): void {
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) lines++;
  const rows = Math.max(0, lines - 1);
  if (rows > MAX_TRAIN_ROWS) {
    throw new DataError(
      file,
      0,
      null,
      `${rows} rows is more than one train run takes (${MAX_TRAIN_ROWS}): its k-nearest-neighbours baseline grows with the square of the rows; sample the file, or train at scale as docs/scaling.md describes`,
    );
  }
}

/** Fewest purchases, and fewest non-purchases, per cross-validation fold. */
export const MIN_PER_FOLD = 5;

/**
 * The shop's rows followed by the shipped file's rows. Columns only the shop has are
 * {@link UNKNOWN_CATEGORY} on the shipped rows, whose page statistics are all real.
 */
export function appendBase(own: Dataset, base: Dataset): Dataset {
  const extraColumns = own.extraColumns ?? [];
  const fill = Object.fromEntries(extraColumns.map((c) => [c, UNKNOWN_CATEGORY])) as Partial<SessionRecord>;
  const baseRows = base.rows.map((r) => ({ ...r, ...fill }));
  const hasPageStats = own.hasPageStats && [...own.hasPageStats, ...base.rows.map(() => true)];
  return {
    rows: [...own.rows, ...baseRows],
    labels: [...own.labels, ...base.labels],
    ...(extraColumns.length ? { extraColumns } : {}),
    ...(hasPageStats ? { hasPageStats } : {}),
  };
}

/** The variant's columns, plus the export's browser family and traffic source as categories when the file has them. */
export function featureSetFor(variant: Variant, data: Dataset): FeatureSet {
  const set = FEATURE_SETS[variant];
  const extra = data.extraColumns ?? [];
  return extra.length ? { ...set, categorical: [...set.categorical, ...extra] } : set;
}

/**
 * The rows a variant trains on. `full` reads the page statistics, which are 0 (not "no value") in
 * sessions exported without them, so it skips rows whose `hasPageStats` is FALSE; `behavioral` never
 * reads them and keeps every row.
 */
export function rowsFor(variant: Variant, data: Dataset): Dataset {
  const keep = data.hasPageStats;
  if (variant !== 'full' || !keep || keep.every(Boolean)) return data;
  const idx = keep.flatMap((k, i) => (k ? [i] : []));
  return {
    rows: idx.map((i) => data.rows[i]),
    labels: idx.map((i) => data.labels[i]),
    ...(data.extraColumns ? { extraColumns: data.extraColumns } : {}),
    hasPageStats: idx.map(() => true),
  };
}

/**
 * Throws a {@link DataError} on the Revenue column unless every fold can hold {@link MIN_PER_FOLD}
 * purchases and as many non-purchases: with fewer, a fold's AUC, calibration and threshold are noise.
 * `scope` says which rows were counted, when not all of the file's.
 */
export function requireEnoughRows(data: Dataset, folds: number, file: string, scope = ''): void {
  const buyers = data.labels.reduce((s, y) => s + y, 0);
  const others = data.labels.length - buyers;
  const need = MIN_PER_FOLD * folds;
  if (buyers >= need && others >= need) return;
  throw new DataError(
    file,
    0,
    'Revenue',
    `only ${buyers} purchases (TRUE) and ${others} non-purchases (FALSE)${scope}; ` +
      `${folds}-fold cross-validation needs at least ${need} of each (${MIN_PER_FOLD} per fold): collect more sessions, or add --include-base`,
  );
}

/** Whether the anonymised codes carry anything: a shop's export writes them as constant 0, where an ablation means nothing. */
export function codesVary(data: Dataset): boolean {
  return ANONYMISED_CODES.some((c) => data.rows.some((r) => r[c] !== data.rows[0][c]));
}
