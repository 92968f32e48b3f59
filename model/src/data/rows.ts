/** Row selection on the pipeline's arrays: labels and records by index, and rows of a flat n x d matrix. */

/** The items at `idx`, in that order. */
export function take<T>(items: readonly T[], idx: readonly number[]): T[] {
  return idx.map((i) => items[i]);
}

/** The rows `idx` of X (row-major, d columns) as a new matrix, in that order. */
export function rowsOf(X: Float32Array, d: number, idx: readonly number[]): Float32Array {
  const out = new Float32Array(idx.length * d);
  idx.forEach((i, k) => out.set(X.subarray(i * d, (i + 1) * d), k * d));
  return out;
}
