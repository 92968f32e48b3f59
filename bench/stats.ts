/** Small statistics helpers for bench/run.ts. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Median (mean of the middle two for even counts), min and max. */
export function summarize(values: number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}

/** Summaries of each numeric field over a list of samples: { field: Summary }. */
export function summarizeFields<T, K extends keyof T>(samples: T[], fields: readonly K[]): Record<K, Summary> {
  return Object.fromEntries(fields.map((f) => [f, summarize(samples.map((s) => Number(s[f])))])) as Record<K, Summary>;
}
