/**
 * k-nearest-neighbours probability: the share of buyers among the k closest training rows
 * (Euclidean distance on standardised features). Brute force: a few thousand rows need no index.
 */
export function knnProbabilities(
  train: ArrayLike<number>,
  trainLabels: readonly number[],
  query: ArrayLike<number>,
  queryRows: number,
  d: number,
  k = 5,
): Float64Array {
  const n = trainLabels.length;
  const out = new Float64Array(queryRows);
  const bestDist = new Float64Array(k);
  const bestLabel = new Float64Array(k);
  for (let q = 0; q < queryRows; q++) {
    bestDist.fill(Infinity);
    for (let i = 0; i < n; i++) {
      let dist = 0;
      for (let j = 0; j < d; j++) {
        const diff = train[i * d + j] - query[q * d + j];
        dist += diff * diff;
      }
      if (dist >= bestDist[k - 1]) continue;
      // Insertion into the sorted top-k; equal distances keep the earlier row (deterministic).
      let at = k - 1;
      while (at > 0 && bestDist[at - 1] > dist) {
        bestDist[at] = bestDist[at - 1];
        bestLabel[at] = bestLabel[at - 1];
        at--;
      }
      bestDist[at] = dist;
      bestLabel[at] = trainLabels[i];
    }
    let pos = 0;
    for (let j = 0; j < k; j++) pos += bestLabel[j];
    out[q] = pos / k;
  }
  return out;
}
