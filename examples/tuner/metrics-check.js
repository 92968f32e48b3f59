// Checks a metrics file before the tuner uses it, so that a wrong file (a model.json, a card, a
// truncated download) is refused with the problem named instead of drawing nonsense. It checks what
// the tuner reads, nothing more: any model folder's metrics.json from `npm run train` passes, with or
// without the leave-risk table (`joint`), which older files do not have.

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);
const ROW_KEYS = ['threshold', 'shareBelow', 'purchaseRateBelow', 'nonBuyersReached', 'buyersReached'];

/**
 * The first problem of a parsed metrics file, naming the field (`pageViews[2].thresholdTable[5].shareBelow`),
 * or null when the tuner can use it.
 * @param {unknown} m
 * @returns {string | null}
 */
export function metricsProblem(m) {
  if (!isObject(m)) return 'it is not a JSON object';
  if (!Array.isArray(m.pageViews))
    return 'it has no pageViews list (expected the metrics.json that npm run train writes in a model folder)';
  if (!m.pageViews.some((p) => isObject(p) && isNumber(p.at)))
    return 'pageViews reports no numbered page view (a metrics file older than the in-session model?)';
  if (!isObject(m.evaluation) || !isNumber(m.evaluation.folds)) return 'evaluation.folds is missing or not a number';
  for (const [i, p] of m.pageViews.entries()) {
    const at = `pageViews[${i}]`;
    if (!isObject(p)) return `${at} is not an object`;
    if (!isNumber(p.at)) continue; // the session's last page view: the tuner does not read it
    if (!(isNumber(p.sessions) && p.sessions > 0)) return `${at}.sessions is not a number above 0`;
    if (!(isNumber(p.purchases) && p.purchases >= 0 && p.purchases <= p.sessions))
      return `${at}.purchases is not a number from 0 to sessions`;
    if (!Array.isArray(p.thresholdTable) || !p.thresholdTable.length) return `${at}.thresholdTable is missing or empty`;
    for (const [j, row] of p.thresholdTable.entries())
      for (const key of ROW_KEYS)
        if (!isObject(row) || !(isNumber(row[key]) && row[key] >= 0 && row[key] <= 1))
          return `${at}.thresholdTable[${j}].${key} is not a number from 0 to 1`;
    if (!Array.isArray(p.reliability)) return `${at}.reliability is missing`;
    if (!isObject(p.model) || !['rocAuc', 'ece', 'meanPredicted'].every((k) => isNumber(p.model[k])))
      return `${at}.model needs rocAuc, ece and meanPredicted`;
    if (p.joint !== undefined) {
      const problem = jointProblem(p.joint);
      if (problem) return `${at}.joint${problem}`;
    }
  }
  return null;
}

/** What is wrong with a `joint` table (sessions and buyers by probability and leave-risk bin), or null; the text follows `joint`. */
function jointProblem(j) {
  if (!isObject(j)) return ' is not an object';
  if (j.probabilityBins !== 100 || j.leaveRiskBins !== 10)
    return ` has ${j.probabilityBins} x ${j.leaveRiskBins} bins; the tuner reads 100 x 10`;
  for (const key of ['sessions', 'purchases'])
    if (
      !Array.isArray(j[key]) ||
      j[key].length !== 100 ||
      !j[key].every((r) => Array.isArray(r) && r.length === 10 && r.every((n) => isNumber(n) && n >= 0))
    )
      return `.${key} is not 100 rows of 10 counts of 0 or more`;
  for (let a = 0; a < 100; a++)
    for (let b = 0; b < 10; b++)
      if (j.purchases[a][b] > j.sessions[a][b]) return `.purchases[${a}][${b}] exceeds its sessions`;
  return null;
}
