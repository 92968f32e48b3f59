/** A seeded PRNG (mulberry32): the pipeline never calls Math.random, so a rerun gives the same output. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle of a copy, driven by `random`. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Stratified k-fold: returns, for each row, the fold (0..k-1) it is held out in. Each class is
 * shuffled and dealt round-robin, so every fold has the same class balance to within one row.
 */
export function stratifiedFolds(labels: readonly number[], k: number, seed: number): number[] {
  const random = rng(seed);
  const fold = new Array<number>(labels.length).fill(0);
  let next = 0;
  for (const cls of [0, 1]) {
    const idx = labels.map((y, i) => (y === cls ? i : -1)).filter((i) => i >= 0);
    for (const i of shuffled(idx, random)) fold[i] = next++ % k;
  }
  return fold;
}

/** How many folds `fold` (one 0-based fold number per row) uses; not Math.max(...fold), which overflows the stack at a million rows. */
export function foldCount(fold: readonly number[]): number {
  return fold.reduce((m, f) => Math.max(m, f), 0) + 1;
}
