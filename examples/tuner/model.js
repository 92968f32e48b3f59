// Pure computations of the threshold tuner: no DOM, so the end-to-end test can import them and the
// page stays a thin view over them.
//
// Interpolation choice: the metrics file has one row per threshold 0.01..0.99 (step 0.01). At those
// thresholds (all the sliders can produce) the row is used as is. Between rows, and out to the
// anchors at 0 (nobody is below 0) and 1 (everybody is below 1), the *cumulative* shares are
// interpolated linearly: share of sessions below, share of all non-buyers and buyers below, and the
// share of all sessions that are buyers below. The purchase rate below is then derived from them
// rather than interpolated itself, because a ratio interpolated linearly would not match the counts.

/**
 * @typedef {{ threshold: number, shareBelow: number, purchaseRateBelow: number, nonBuyersReached: number, buyersReached: number }} ThresholdRow
 * @typedef {{ thresholdTable: ThresholdRow[], data: { rows: number, purchases: number } }} TunerMetrics
 * @typedef {{ at: number | 'last', sessions: number, purchases: number, thresholdTable: ThresholdRow[], reliability: unknown[], model: { rocAuc: number, ece: number, meanPredicted: number } }} PageViewMetrics
 * @typedef {{ id: string, below: number }} Tier
 */

/**
 * The reported page views of a metrics file (1, 2, 3, 5, 8, 12; not the session's last, which the
 * SDK cannot know it is at).
 * @param {{ pageViews: PageViewMetrics[] }} metrics
 * @returns {number[]}
 */
export function reportedPageViews(metrics) {
  return metrics.pageViews.map((p) => p.at).filter((at) => typeof at === 'number');
}

/**
 * The page view whose curves describe a config: the largest reported page view at or below
 * `minPageViews` (the first page view the SDK scores), at least the first.
 * @param {{ pageViews: PageViewMetrics[] }} metrics
 * @param {number} minPageViews
 * @returns {number}
 */
export function pageViewFor(metrics, minPageViews) {
  const views = reportedPageViews(metrics);
  return views.filter((k) => k <= minPageViews).pop() ?? views[0];
}

/**
 * The figures at one page view, shaped for {@link curveAt} and {@link tierShares}: the sessions still
 * going there, each scored with what the browser knows at that page view.
 * @param {{ pageViews: PageViewMetrics[] }} metrics
 * @param {number} k a reported page view
 * @returns {TunerMetrics & PageViewMetrics}
 */
export function atPageView(metrics, k) {
  const p = metrics.pageViews.find((x) => x.at === k);
  if (!p) throw new Error(`the metrics file reports no page view ${k}`);
  return { ...p, data: { rows: p.sessions, purchases: p.purchases } };
}

/** Share of all sessions that are below `row.threshold` and bought: the cumulative count behind the rate. */
const buyersBelow = (row) => row.shareBelow * row.purchaseRateBelow;

/**
 * The threshold table's values at any threshold in 0..1 (clamped): the exact row on the 0.01 grid,
 * linear interpolation of the cumulative shares in between (see the comment at the top).
 * @param {TunerMetrics} metrics
 * @param {number} t
 * @returns {ThresholdRow}
 */
export function curveAt(metrics, t) {
  const threshold = Math.min(1, Math.max(0, t));
  const table = metrics.thresholdTable;
  const exact = table.find((r) => Math.abs(r.threshold - threshold) < 1e-9);
  if (exact) return exact;
  const baseRate = metrics.data.purchases / metrics.data.rows;
  const first = { threshold: 0, shareBelow: 0, purchaseRateBelow: 0, nonBuyersReached: 0, buyersReached: 0 };
  const last = { threshold: 1, shareBelow: 1, purchaseRateBelow: baseRate, nonBuyersReached: 1, buyersReached: 1 };
  const rows = [first, ...table, last];
  // The first anchor at or above the threshold, never the 0 anchor itself (it has no left neighbour).
  const i = Math.max(
    1,
    rows.findIndex((r) => r.threshold >= threshold),
  );
  const [a, b] = [rows[i - 1], rows[i]];
  const w = (threshold - a.threshold) / (b.threshold - a.threshold);
  const lerp = (f) => f(a) + w * (f(b) - f(a));
  const shareBelow = lerp((r) => r.shareBelow);
  return {
    threshold,
    shareBelow,
    purchaseRateBelow: shareBelow > 0 ? lerp(buyersBelow) / shareBelow : 0,
    nonBuyersReached: lerp((r) => r.nonBuyersReached),
    buyersReached: lerp((r) => r.buyersReached),
  };
}

/**
 * What each tier would get. A session gets the tier with the lowest threshold it is below (as the
 * SDK decides), so a tier gets the band between the next lower tier's threshold and its own:
 * share = shareBelow(own) - shareBelow(next lower). Tiers with equal thresholds: the first one in
 * the list gets the band, the others nothing (the SDK's sort is stable too). `offered` removes the
 * holdout group. Caps are not modelled: the table scores each session once, at one page view.
 * @param {TunerMetrics} metrics
 * @param {Tier[]} tiers
 * @param {number} holdout share of visitors in the control group, 0..1
 * @returns {{ tiers: { id: string, below: number, share: number, offered: number, boughtAnyway: number, nonBuyersReached: number }[],
 *   total: { share: number, offered: number, boughtAnyway: number, nonBuyersReached: number } }}
 */
export function tierShares(metrics, tiers, holdout) {
  const sorted = [...tiers].sort((x, y) => x.below - y.below);
  let prev = curveAt(metrics, 0);
  const rows = sorted.map((tier) => {
    const at = curveAt(metrics, tier.below);
    // max(0, ...) only guards against -0.0% from rounding when two thresholds are equal.
    const share = Math.max(0, at.shareBelow - prev.shareBelow);
    const buyers = Math.max(0, buyersBelow(at) - buyersBelow(prev));
    const row = {
      id: tier.id,
      below: tier.below,
      share,
      offered: share * (1 - holdout),
      boughtAnyway: share > 0 ? buyers / share : 0,
      nonBuyersReached: Math.max(0, at.nonBuyersReached - prev.nonBuyersReached),
    };
    prev = at;
    return row;
  });
  return {
    tiers: rows,
    total: {
      share: prev.shareBelow,
      offered: prev.shareBelow * (1 - holdout),
      boughtAnyway: prev.purchaseRateBelow,
      nonBuyersReached: prev.nonBuyersReached,
    },
  };
}

/**
 * The marketer config the SDK reads (README "Marketer config"): offers lowest threshold first (the
 * order the SDK checks them in), then the gate and the holdout; the caps only when set, so an empty
 * field keeps the SDK's default instead of writing one.
 * @param {{ tiers: Tier[], minPageViews: number, holdout: number, maxOffersPerSession?: number, cooldownDays?: number }} input
 * @returns {Record<string, unknown>}
 */
export function buildConfig({ tiers, minPageViews, holdout, maxOffersPerSession, cooldownDays }) {
  const config = {
    offers: [...tiers].sort((x, y) => x.below - y.below).map((t) => ({ id: t.id, below: t.below })),
    minPageViews,
    holdout,
  };
  if (maxOffersPerSession !== undefined) config.maxOffersPerSession = maxOffersPerSession;
  if (cooldownDays !== undefined) config.cooldownDays = cooldownDays;
  return config;
}

/**
 * Problems the SDK's validator does not look for but a marketer should hear about: the shop could
 * not tell two offers with the same id apart, and a tier sharing another's threshold never fires.
 * @param {Tier[]} tiers
 * @returns {string[]}
 */
export function tierWarnings(tiers) {
  const warnings = [];
  const ids = tiers.map((t) => t.id);
  for (const id of new Set(ids))
    if (id && ids.filter((x) => x === id).length > 1)
      warnings.push(`Two tiers have the id "${id}": give each offer its own id.`);
  const belows = tiers.map((t) => t.below);
  for (const b of new Set(belows))
    if (belows.filter((x) => x === b).length > 1)
      warnings.push(`Several tiers are at ${b.toFixed(2)}: only one of them can ever be offered.`);
  return warnings;
}

/**
 * A share as the page shows it: percent with one decimal, e.g. 0.39193 -> "39.2%".
 * @param {number} x
 * @returns {string}
 */
export function percent(x) {
  return `${(x * 100).toFixed(1)}%`;
}
