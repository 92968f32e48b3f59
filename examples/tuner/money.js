// The tuner in money: what the tiers cost and earn per 1,000 sessions at the chosen page view.
//
// Definitions (README "Threshold tuner"), per tier i, from its row of tierShares / tierSharesOn:
//   offered_i    = 1000 * offered share (below the tier's band, gated if the gate is on, after holdout)
//   anyway_i     = offered_i * boughtAnyway_i       buyers who get the discount though they would have bought
//   d_i          = AOV * percent, or the fixed amount   the discount's value on one order
//   cost_i       = anyway_i * d_i                   discounts given to buyers who would have bought anyway
//   extra_i      = offered_i * lift                 extra orders at the assumed lift
//   margin_i     = extra_i * (AOV * margin - d_i)   the extra orders' margin, after their own discount
//   net          = sum(margin_i) - sum(cost_i)
//   break-even   = sum(cost_i) / sum(offered_i * (AOV * margin - d_i))   the lift where net = 0
// The lift is ABSOLUTE, in percentage points of purchase rate among the offered sessions (offered
// minus holdout), because that is what `npm run uplift` measures on the shop's own holdout: the
// assumption can then be replaced by the measurement one for one.

/**
 * @typedef {{ kind: 'percent' | 'fixed', value: number }} Discount value: a fraction of the order
 *   (0.1 for 10%) or an amount in the order value's currency
 * @typedef {{ id: string, offered: number, boughtAnyway: number, discount: Discount }} MoneyTier
 * @typedef {{ aov: number, margin: number, lift: number }} MoneyInputs aov: average order value;
 *   margin: gross margin as a fraction of the order value before any discount; lift: absolute, 0.02 = 2 pp
 */

/** Sessions the money figures are given per. */
export const PER_SESSIONS = 1000;

/**
 * A discount's value on one order of the average value.
 * @param {number} aov
 * @param {Discount} discount
 */
export function discountValue(aov, discount) {
  return discount.kind === 'percent' ? aov * discount.value : discount.value;
}

/**
 * The money figures per {@link PER_SESSIONS} sessions at one page view (formulas at the top).
 * `breakEvenLift` is null when no lift pays: nobody is offered, or each extra order's margin does not
 * cover its own discount (AOV * margin <= d for every offered tier).
 * @param {{ tiers: MoneyTier[], total: { buyersOffered: number } }} shares tierShares' result, each tier with its discount
 * @param {MoneyInputs} inputs
 */
export function moneyPer1000(shares, { aov, margin, lift }) {
  const perOrder = aov * margin;
  const tiers = shares.tiers.map((t) => {
    const offered = PER_SESSIONS * t.offered;
    const anyway = offered * t.boughtAnyway;
    const d = discountValue(aov, t.discount);
    const extraOrders = offered * lift;
    return {
      id: t.id,
      offered,
      boughtAnyway: anyway,
      discount: d,
      cost: anyway * d,
      extraOrders,
      extraMargin: extraOrders * (perOrder - d),
      // What one point of lift earns: the break-even's denominator.
      marginPerLift: offered * (perOrder - d),
    };
  });
  const sum = (f) => tiers.reduce((s, t) => s + f(t), 0);
  const cost = sum((t) => t.cost);
  const extraMargin = sum((t) => t.extraMargin);
  const marginPerLift = sum((t) => t.marginPerLift);
  return {
    tiers,
    total: {
      offered: sum((t) => t.offered),
      boughtAnyway: sum((t) => t.boughtAnyway),
      buyersShare: shares.total.buyersOffered,
      cost,
      extraOrders: sum((t) => t.extraOrders),
      extraMargin,
      net: extraMargin - cost,
      breakEvenLift: marginPerLift > 0 ? cost / marginPerLift : null,
    },
  };
}

/**
 * What is wrong with the money inputs, one message per field; none when all can be used.
 * @param {MoneyInputs & { discounts: { id: string, discount: Discount }[] }} inputs
 * @returns {string[]}
 */
export function moneyProblems({ aov, margin, lift, discounts }) {
  const problems = [];
  if (!(aov > 0)) problems.push('The average order value must be a number above 0.');
  if (!(margin >= 0 && margin <= 1)) problems.push('The margin must be from 0% to 100%.');
  if (!(lift >= -1 && lift <= 1)) problems.push('The assumed lift must be from -100 to 100 percentage points.');
  for (const { id, discount } of discounts) {
    const max = discount.kind === 'percent' ? 1 : Infinity;
    if (!(discount.value >= 0 && discount.value <= max))
      problems.push(
        `The discount of "${id || '(no id)'}" must be ${discount.kind === 'percent' ? 'from 0% to 100%' : 'an amount of 0 or more'}.`,
      );
  }
  return problems;
}

/**
 * An amount as the page shows it: two decimals with thousands separators, e.g. 1234.5 -> "1,234.50".
 * @param {number} x
 */
export function amount(x) {
  return x.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/**
 * A count per 1,000 sessions (sessions, orders) as the page shows it: one decimal, e.g. 4.5 -> "4.5".
 * @param {number} x
 */
export function count(x) {
  return x.toLocaleString('en', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/**
 * A lift as the page shows it: percentage points with two decimals, e.g. 0.0066 -> "0.66 pp".
 * @param {number} x
 */
export function points(x) {
  return `${(x * 100).toFixed(2)} pp`;
}
