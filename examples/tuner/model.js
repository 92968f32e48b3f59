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
 */
export function tierShares(metrics, tiers, holdout) {
  return tierSharesOn((t) => curveAt(metrics, t), tiers, holdout);
}

/**
 * {@link tierShares} on any curve of cumulative shares, e.g. the leave-risk gated one of gate.js:
 * one definition of the banding for the plain and the gated figures. Each row carries its tier's own
 * fields (discount, offer fields) through, so the money figures can read them.
 * @template {Tier} T
 * @param {(t: number) => ThresholdRow} curve
 * @param {T[]} tiers
 * @param {number} holdout
 */
export function tierSharesOn(curve, tiers, holdout) {
  const sorted = [...tiers].sort((x, y) => x.below - y.below);
  let prev = curve(0);
  const rows = sorted.map((tier) => {
    const at = curve(tier.below);
    // max(0, ...) only guards against -0.0% from rounding when two thresholds are equal.
    const share = Math.max(0, at.shareBelow - prev.shareBelow);
    const buyers = Math.max(0, buyersBelow(at) - buyersBelow(prev));
    const row = {
      ...tier,
      share,
      offered: share * (1 - holdout),
      boughtAnyway: share > 0 ? buyers / share : 0,
      nonBuyersReached: Math.max(0, at.nonBuyersReached - prev.nonBuyersReached),
      buyersReached: Math.max(0, at.buyersReached - prev.buyersReached),
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
      buyersReached: prev.buyersReached,
      // The holdout's buyers get no discount: of all eventual buyers, the share that gets one.
      buyersOffered: prev.buyersReached * (1 - holdout),
    },
  };
}

/**
 * A tier's other offer fields (`headline`, `code`, ...) from the text the marketer typed: '' is none.
 * They reach the shop's callback untouched, so the export must keep them; `id` and `below` are the
 * tier's own controls and may not be set twice.
 * @param {string} text
 * @returns {{ fields: Record<string, unknown> } | { problem: string }}
 */
export function parseOfferFields(text) {
  if (text.trim() === '') return { fields: {} };
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { problem: `not valid JSON (${e.message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problem: 'must be a JSON object, e.g. {"headline": "10% off", "code": "WELCOME10"}' };
  const twice = ['id', 'below'].filter((k) => Object.prototype.hasOwnProperty.call(value, k));
  if (twice.length) return { problem: `sets ${twice.map((k) => `"${k}"`).join(' and ')}: use the tier's own controls` };
  return { fields: value };
}

/**
 * The marketer config the SDK reads (README "Marketer config"): offers lowest threshold first (the
 * order the SDK checks them in), each with every other field it was given, then the gate and the
 * holdout; the caps, `trigger` and `minLeaveRisk` only when set (an exit-intent trigger, a gate above
 * 0), so an empty field keeps the SDK's default instead of writing one.
 * @param {{ tiers: (Tier & { fields?: Record<string, unknown> })[], minPageViews: number, holdout: number,
 *   maxOffersPerSession?: number, cooldownDays?: number, trigger?: 'pageview' | 'exit-intent', minLeaveRisk?: number }} input
 * @returns {Record<string, unknown>}
 */
export function buildConfig({
  tiers,
  minPageViews,
  holdout,
  maxOffersPerSession,
  cooldownDays,
  trigger,
  minLeaveRisk,
}) {
  const config = {
    offers: [...tiers]
      .sort((x, y) => x.below - y.below)
      .map((t) => ({ id: t.id, below: t.below, ...withoutKeys(t.fields ?? {}, ['id', 'below']) })),
    minPageViews,
    holdout,
  };
  if (maxOffersPerSession !== undefined) config.maxOffersPerSession = maxOffersPerSession;
  if (cooldownDays !== undefined) config.cooldownDays = cooldownDays;
  if (trigger !== undefined && trigger !== 'pageview') config.trigger = trigger;
  if (minLeaveRisk !== undefined && minLeaveRisk > 0) config.minLeaveRisk = minLeaveRisk;
  return config;
}

/** A copy of `object` without `keys` (the tier's controls win over typed fields of the same name). */
const withoutKeys = (object, keys) => Object.fromEntries(Object.entries(object).filter(([k]) => !keys.includes(k)));

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
