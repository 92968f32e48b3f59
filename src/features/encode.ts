import type { EncoderSpec, FeatureColumn, NumericColumn, NumericTransform, SessionRecord } from './types';
import { DERIVED, isDerived } from './derived';

/** Version of the encoder JSON layout; bump when a field changes meaning. */
export const ENCODER_SCHEMA_VERSION = 2;

/** The versions this SDK reads: 2 added the derived totals as numeric columns; a version 1 file reads the same. */
export const READABLE_ENCODER_SCHEMAS: readonly number[] = [1, ENCODER_SCHEMA_VERSION];

/** Applies a numeric transform; durations and counts are never negative, so log1p is safe. */
export function transformValue(transform: NumericTransform, x: number): number {
  return transform === 'log1p' ? Math.log1p(Math.max(0, x)) : x;
}

/**
 * The key a categorical value is matched on. Months are keyed on their first three letters so that
 * the data's `June` and a browser's `Jun` are the same category.
 */
export function categoryKey(column: FeatureColumn, value: unknown): string {
  const s = String(value).trim();
  if (column === 'Month') return s.slice(0, 1).toUpperCase() + s.slice(1, 3).toLowerCase();
  return s;
}

/** A numeric input's raw value: the record's column, or a total derived from its columns. */
export function numberOf(record: SessionRecord, column: NumericColumn): number {
  if (isDerived(column)) return DERIVED[column]((c) => numberOf(record, c));
  const x = record[column];
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new TypeError(`encoder: column ${column} must be a finite number, got ${String(x)}`);
  }
  return x;
}

/**
 * Turns one session into the model's input vector, in the order `spec.inputNames` gives.
 * Throws a TypeError naming the column when a needed value is missing or not finite; an unseen
 * category is not an error and encodes as the training prior.
 */
export function encode(spec: EncoderSpec, record: SessionRecord): Float32Array {
  const out = new Float32Array(spec.inputNames.length);
  let i = 0;
  for (const f of spec.numeric) {
    out[i++] = (transformValue(f.transform, numberOf(record, f.column)) - f.mean) / f.std;
  }
  for (const f of spec.flags) {
    const x = record[f.column];
    if (f.test === 'true') {
      if (typeof x !== 'boolean')
        throw new TypeError(`encoder: column ${f.column} must be a boolean, got ${String(x)}`);
      out[i++] = x ? 1 : 0;
    } else {
      out[i++] = numberOf(record, f.column) > 0 ? 1 : 0;
    }
  }
  for (const f of spec.categorical) {
    const raw = record[f.column];
    if (raw === undefined || raw === null) throw new TypeError(`encoder: column ${f.column} is missing`);
    const at = f.categories.indexOf(categoryKey(f.column, raw));
    for (let c = 0; c < f.categories.length; c++) out[i++] = at < 0 ? f.prior[c] : c === at ? 1 : 0;
  }
  return out;
}

/** Encodes many sessions into one row-major matrix (rows x inputNames.length). */
export function encodeMany(spec: EncoderSpec, records: readonly SessionRecord[]): Float32Array {
  const width = spec.inputNames.length;
  const out = new Float32Array(records.length * width);
  records.forEach((r, k) => out.set(encode(spec, r), k * width));
  return out;
}
