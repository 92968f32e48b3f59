/**
 * L2-regularised logistic regression fitted by Newton's method. Used twice: as the logistic
 * regression baseline, and with one input as Platt scaling (the calibration shipped in the model).
 */

/** Weights over the inputs plus an unpenalised intercept. */
export interface LogisticModel {
  weights: number[];
  bias: number;
}

/** Solves A x = b in place by Gaussian elimination with partial pivoting (A is m x m, row-major). */
function solve(A: Float64Array, b: Float64Array, m: number): Float64Array {
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(A[r * m + col]) > Math.abs(A[pivot * m + col])) pivot = r;
    if (pivot !== col) {
      for (let c = 0; c < m; c++) [A[col * m + c], A[pivot * m + c]] = [A[pivot * m + c], A[col * m + c]];
      [b[col], b[pivot]] = [b[pivot], b[col]];
    }
    const d = A[col * m + col] || 1e-12;
    for (let r = col + 1; r < m; r++) {
      const f = A[r * m + col] / d;
      if (f === 0) continue;
      for (let c = col; c < m; c++) A[r * m + c] -= f * A[col * m + c];
      b[r] -= f * b[col];
    }
  }
  const x = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let s = b[r];
    for (let c = r + 1; c < m; c++) s -= A[r * m + c] * x[c];
    x[r] = s / (A[r * m + r] || 1e-12);
  }
  return x;
}

/** The linear score (log-odds) of each row of X (n x d, row-major). */
export function logisticLogits(model: LogisticModel, X: ArrayLike<number>, n: number): Float64Array {
  const d = model.weights.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = model.bias;
    for (let j = 0; j < d; j++) z += model.weights[j] * X[i * d + j];
    out[i] = z;
  }
  return out;
}

/** Log-loss of one row from its logit z and label y (0/1 or soft): log(1 + e^z) - y z, without overflow. */
export function logitLoss(y: number, z: number): number {
  return (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y * z;
}

/** Numerically stable sigmoid. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Fits weights minimising mean log-loss + (l2 / 2) * |w|^2 on X (n x d) and 0/1 labels y.
 * Newton steps are halved until the objective decreases, so separable data cannot diverge.
 */
export function fitLogistic(
  X: ArrayLike<number>,
  y: readonly number[],
  d: number,
  l2 = 1e-4,
  iterations = 30,
): LogisticModel {
  const n = y.length;
  const m = d + 1;
  let theta = new Float64Array(m); // weights then bias
  const objective = (t: Float64Array): number => {
    let loss = 0;
    for (let i = 0; i < n; i++) {
      let z = t[d];
      for (let j = 0; j < d; j++) z += t[j] * X[i * d + j];
      loss += logitLoss(y[i], z);
    }
    let pen = 0;
    for (let j = 0; j < d; j++) pen += t[j] * t[j];
    return loss / n + (l2 / 2) * pen;
  };
  let current = objective(theta);
  for (let it = 0; it < iterations; it++) {
    const g = new Float64Array(m);
    const H = new Float64Array(m * m);
    const row = new Float64Array(m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) row[j] = X[i * d + j];
      row[d] = 1;
      let z = 0;
      for (let j = 0; j < m; j++) z += theta[j] * row[j];
      const p = sigmoid(z);
      const w = Math.max(p * (1 - p), 1e-10);
      for (let j = 0; j < m; j++) {
        g[j] += (p - y[i]) * row[j];
        const wr = w * row[j];
        for (let k = j; k < m; k++) H[j * m + k] += wr * row[k];
      }
    }
    for (let j = 0; j < m; j++) {
      g[j] /= n;
      for (let k = j; k < m; k++) H[k * m + j] = H[j * m + k] /= n;
    }
    for (let j = 0; j < d; j++) {
      g[j] += l2 * theta[j];
      H[j * m + j] += l2;
    }
    const step = solve(H, g.slice(), m);
    let scale = 1;
    let next = theta;
    let value = current;
    for (let tries = 0; tries < 30; tries++) {
      const cand = theta.map((t, j) => t - scale * step[j]);
      const v = objective(cand);
      if (v <= current) {
        next = cand;
        value = v;
        break;
      }
      scale /= 2;
    }
    const gain = current - value;
    theta = next;
    current = value;
    if (gain < 1e-10) break;
  }
  return { weights: Array.from(theta.subarray(0, d)), bias: theta[d] };
}
