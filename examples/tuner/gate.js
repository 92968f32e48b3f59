// The leave-risk gate (`minLeaveRisk`): an offer only for sessions whose risk of ending within the
// next two page views is at least the gate. A metrics file models it with `joint`, per page view
// the sessions and buyers by purchase-probability bin (floor(p * 100)) and leave-risk bin
// (floor(l * 10)). The curve below has the shape of a threshold-table row, so the tier banding of
// model.js (tierSharesOn) is the one definition for the plain and the gated figures alike.
//
// Resolution: a gate g keeps the leave-risk bins b >= ceil(g * 10), exact for the gates the page
// offers (0.1 steps); a threshold t on the 0.01 grid keeps the probability bins a < t * 100, exact as
// well (the same strict p < t as the threshold table). Between grid thresholds the cumulative counts
// are interpolated linearly, as curveAt does between rows.

/**
 * @typedef {{ probabilityBins: number, leaveRiskBins: number, sessions: number[][], purchases: number[][] }} Joint
 * @typedef {import('./model.js').ThresholdRow} ThresholdRow
 */

/**
 * The first leave-risk bin a gate keeps: the bin whose lower edge is the gate, or the next one up.
 * @param {number} minLeaveRisk 0..1
 * @param {number} bins the joint's leaveRiskBins (10)
 */
export function firstKeptBin(minLeaveRisk, bins) {
  // 1e-9: 0.3 * 10 is 3.0000000000000004 in floating point, which must keep bin 3.
  return Math.min(bins, Math.max(0, Math.ceil(minLeaveRisk * bins - 1e-9)));
}

/**
 * The threshold-table row, at any threshold, of the sessions at or above the gate, as shares of
 * *all* sessions (and all buyers and non-buyers) at the page view: what an offer gated on leave risk
 * reaches. With gate 0 it is the threshold table itself, at bin resolution.
 * @param {Joint} joint
 * @param {number} minLeaveRisk
 * @returns {(t: number) => ThresholdRow}
 */
export function gatedCurve(joint, minLeaveRisk) {
  const from = firstKeptBin(minLeaveRisk, joint.leaveRiskBins);
  const A = joint.probabilityBins;
  // Cumulative kept sessions and buyers below bin k: below[k] covers the bins 0..k-1.
  const sessionsBelow = [0];
  const buyersBelow = [0];
  let all = 0;
  let buyers = 0;
  for (let a = 0; a < A; a++) {
    let s = 0;
    let p = 0;
    joint.sessions[a].forEach((n, b) => {
      all += n;
      buyers += joint.purchases[a][b];
      if (b >= from) {
        s += n;
        p += joint.purchases[a][b];
      }
    });
    sessionsBelow.push(sessionsBelow[a] + s);
    buyersBelow.push(buyersBelow[a] + p);
  }
  const nonBuyers = all - buyers;
  return (t) => {
    const threshold = Math.min(1, Math.max(0, t));
    const x = threshold * A;
    // Snap to the grid within rounding (0.29 * 100 is 28.999999999999996).
    const k = Math.abs(x - Math.round(x)) < 1e-9 ? Math.round(x) : Math.floor(x);
    const w = Math.abs(x - Math.round(x)) < 1e-9 ? 0 : x - k;
    const at = (c) => c[k] + (k < A ? w * (c[k + 1] - c[k]) : 0);
    const s = at(sessionsBelow);
    const p = at(buyersBelow);
    return {
      threshold,
      shareBelow: all ? s / all : 0,
      purchaseRateBelow: s > 0 ? p / s : 0,
      nonBuyersReached: nonBuyers ? (s - p) / nonBuyers : 0,
      buyersReached: buyers ? p / buyers : 0,
    };
  };
}
