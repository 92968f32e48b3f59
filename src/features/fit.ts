import type { CategoricalFeature, EncoderSpec, FeatureSet, NumericFeature, SessionRecord, Variant } from './types';
import { isDerived } from './derived';
import { ENCODER_SCHEMA_VERSION, categoryKey, numberOf, transformValue } from './encode';

/**
 * Fits an encoder on training rows only: means and standard deviations of the transformed numeric
 * columns, and each categorical column's vocabulary (sorted) with its frequencies as the prior.
 * Training-side code; the browser only ever reads the fitted JSON.
 */
export function fitEncoder(rows: readonly SessionRecord[], variant: Variant, set: FeatureSet): EncoderSpec {
  if (rows.length === 0) throw new Error('fitEncoder: no training rows');
  const numeric: NumericFeature[] = set.numeric.map(({ column, transform }) => {
    let sum = 0;
    let sq = 0;
    for (const r of rows) {
      const v = transformValue(transform, numberOf(r, column));
      sum += v;
      sq += v * v;
    }
    const mean = sum / rows.length;
    const std = Math.sqrt(Math.max(0, sq / rows.length - mean * mean));
    // A constant column would divide by zero; std 1 leaves it centred and harmless.
    return { column, transform, mean, std: std > 1e-12 ? std : 1 };
  });
  const categorical: CategoricalFeature[] = set.categorical.map((column) => {
    const counts = new Map<string, number>();
    for (const r of rows) {
      const key = categoryKey(column, r[column]);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const categories = [...counts.keys()].sort();
    return { column, categories, prior: categories.map((c) => (counts.get(c) ?? 0) / rows.length) };
  });
  const inputNames = [
    ...numeric.map((f) => (f.transform === 'identity' ? f.column : `${f.transform}(${f.column})`)),
    ...set.flags.map((f) => (f.test === 'true' ? f.column : `${f.column}>0`)),
    ...categorical.flatMap((f) => f.categories.map((c) => `${f.column}=${c}`)),
  ];
  // Version 1 when no derived total is used, so SDKs from before version 2 still read the file.
  const schemaVersion = numeric.some((f) => isDerived(f.column)) ? ENCODER_SCHEMA_VERSION : 1;
  return { schemaVersion, variant, numeric, flags: set.flags, categorical, inputNames };
}
