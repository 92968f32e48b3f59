import assert from 'node:assert/strict';
import { test } from 'node:test';
import { firstKeptBin, gatedCurve } from '../../examples/tuner/gate.js';
import { metricsProblem } from '../../examples/tuner/metrics-check.js';
import { amount, count, discountValue, moneyPer1000, moneyProblems, points } from '../../examples/tuner/money.js';
import { atPageView, buildConfig, parseOfferFields, tierShares, tierSharesOn } from '../../examples/tuner/model.js';
import { fixtureJoint, fixtureMetrics, fixtureTable } from '../helpers/tuner-fixture';

const close = (got: number, want: number, what: string): void =>
  assert.ok(Math.abs(got - want) < 1e-9, `${what}: ${got} vs ${want}`);

// The hand computation (README "Threshold tuner"): page view 3 of the fixture, holdout 10%, order
// value 80, margin 40% (32 per order), lift 2 pp; ten-percent below 0.10 (10% = 8 per order),
// free-shipping below 0.30 (fixed 5).
const TIERS = [
  { id: 'free-shipping', below: 0.3, discount: { kind: 'fixed' as const, value: 5 } },
  { id: 'ten-percent', below: 0.1, discount: { kind: 'percent' as const, value: 0.1 } },
];
const INPUTS = { aov: 80, margin: 0.4, lift: 0.02 };
const HOLDOUT = 0.1;

test('the money arithmetic per 1,000 sessions matches the hand computation (no gate, from the threshold table)', () => {
  const shares = tierShares(atPageView(fixtureMetrics(), 3), TIERS, HOLDOUT);
  const m = moneyPer1000(shares, INPUTS);
  // ten-percent: p < 0.10 is 500 sessions with 5 buyers: offered 1000 * 0.5 * 0.9 = 450, of whom 1% bought
  // anyway = 4.5; cost 4.5 * 8 = 36; extra orders 450 * 0.02 = 9; their margin 9 * (32 - 8) = 216.
  // free-shipping: 0.10 <= p < 0.30 is 200 sessions with 15 buyers: offered 180, 7.5% bought anyway = 13.5;
  // cost 13.5 * 5 = 67.5; extra orders 3.6; margin 3.6 * (32 - 5) = 97.2.
  const [ten, free] = m.tiers;
  assert.equal(ten.id, 'ten-percent');
  for (const [got, want, what] of [
    [ten.offered, 450, 'ten offered'],
    [ten.boughtAnyway, 4.5, 'ten anyway'],
    [ten.discount, 8, 'ten discount'],
    [ten.cost, 36, 'ten cost'],
    [ten.extraOrders, 9, 'ten extra orders'],
    [ten.extraMargin, 216, 'ten extra margin'],
    [free.offered, 180, 'free offered'],
    [free.boughtAnyway, 13.5, 'free anyway'],
    [free.cost, 67.5, 'free cost'],
    [free.extraOrders, 3.6, 'free extra orders'],
    [free.extraMargin, 97.2, 'free extra margin'],
    // Totals: 630 offered, 18 discounted anyway, cost 103.5, 12.6 extra orders worth 313.2, net 209.7;
    // 20 of the 100 buyers are below 0.30, 90% of them outside the holdout: 18% of buyers get a discount.
    [m.total.offered, 630, 'offered'],
    [m.total.boughtAnyway, 18, 'anyway'],
    [m.total.buyersShare, 0.18, 'share of buyers discounted'],
    [m.total.cost, 103.5, 'cost'],
    [m.total.extraOrders, 12.6, 'extra orders'],
    [m.total.extraMargin, 313.2, 'extra margin'],
    [m.total.net, 209.7, 'net'],
    // Break-even: 103.5 / (450 * 24 + 180 * 27) = 103.5 / 15660 = 0.0066092 (0.66 pp).
    [m.total.breakEvenLift!, 103.5 / 15660, 'break-even lift'],
  ] as const)
    close(got, want, what);
  assert.equal(points(m.total.breakEvenLift!), '0.66 pp');
  assert.equal(amount(m.total.net), '209.70');
  assert.equal(amount(1234.5), '1,234.50');
  assert.equal(count(m.total.extraOrders), '12.6');
  // At the break-even lift the net is 0, by the definition.
  close(moneyPer1000(shares, { ...INPUTS, lift: m.total.breakEvenLift! }).total.net, 0, 'net at break-even');
});

test('the leave-risk gate keeps the sessions with leave risk at or above it, and the money follows (hand computation)', () => {
  const gated = tierSharesOn(gatedCurve(fixtureJoint(), 0.5), TIERS, HOLDOUT);
  const m = moneyPer1000(gated, INPUTS);
  // Gate 0.5 keeps the bins b >= 5: ten-percent gets a=5 b=6 (200 sessions, 2 buyers): offered 180, 1.8
  // anyway, cost 14.4, extra 3.6 worth 86.4; free-shipping a=20 b=7 (100, 10): offered 90, 9 anyway,
  // cost 45, extra 1.8 worth 48.6. Net 135 - 59.4 = 75.6; break-even 59.4 / (180 * 24 + 90 * 27) = 0.0088;
  // 12 of 100 buyers reached, 10.8% after holdout.
  for (const [got, want, what] of [
    [m.tiers[0].offered, 180, 'ten offered'],
    [m.tiers[0].cost, 14.4, 'ten cost'],
    [m.tiers[1].offered, 90, 'free offered'],
    [m.tiers[1].boughtAnyway, 9, 'free anyway'],
    [m.total.offered, 270, 'offered'],
    [m.total.boughtAnyway, 10.8, 'anyway'],
    [m.total.cost, 59.4, 'cost'],
    [m.total.extraOrders, 5.4, 'extra orders'],
    [m.total.extraMargin, 135, 'extra margin'],
    [m.total.net, 75.6, 'net'],
    [m.total.breakEvenLift!, 0.0088, 'break-even'],
    [m.total.buyersShare, 0.108, 'buyers share'],
  ] as const)
    close(got, want, what);
  // A gate of 0.45 keeps the same bins as 0.5 (bin resolution 0.1: b >= ceil(4.5)); 0.3 keeps bin 3.
  assert.equal(firstKeptBin(0.45, 10), 5);
  assert.equal(firstKeptBin(0.3, 10), 3);
  assert.equal(firstKeptBin(0, 10), 0);
});

test('with gate 0 the joint table gives the threshold table itself: one definition of "below" for both', () => {
  const curve = gatedCurve(fixtureJoint(), 0);
  for (const row of fixtureTable()) {
    const got = curve(row.threshold);
    for (const key of ['shareBelow', 'purchaseRateBelow', 'nonBuyersReached', 'buyersReached'] as const)
      close(got[key], row[key], `${key} at ${row.threshold}`);
  }
  // Between grid thresholds the cumulative counts are interpolated: half of bin 5 at 0.055.
  close(curve(0.055).shareBelow, 0.25, 'share at 0.055');
  assert.deepEqual(curve(1), {
    threshold: 1,
    shareBelow: 1,
    purchaseRateBelow: 0.1,
    nonBuyersReached: 1,
    buyersReached: 1,
  });
});

test('break-even is null when no lift pays: the discount is worth at least the margin of an order, or nobody is offered', () => {
  const shares = tierShares(atPageView(fixtureMetrics(), 3), TIERS, HOLDOUT);
  // Margin 5% of 80 = 4 per order: below both discounts (8 and 5), so each extra order loses money.
  const m = moneyPer1000(shares, { ...INPUTS, margin: 0.05 });
  assert.equal(m.total.breakEvenLift, null);
  assert.ok(m.total.net < 0);
  const none = tierShares(atPageView(fixtureMetrics(), 3), [{ ...TIERS[0], below: 0.01 }], HOLDOUT);
  assert.equal(moneyPer1000(none, INPUTS).total.breakEvenLift, null);
  assert.equal(discountValue(80, { kind: 'percent', value: 0.25 }), 20);
  assert.equal(discountValue(80, { kind: 'fixed', value: 7 }), 7);
});

test('money inputs out of range are named, one message per field', () => {
  assert.deepEqual(moneyProblems({ ...INPUTS, discounts: TIERS }), []);
  assert.deepEqual(
    moneyProblems({
      aov: 0,
      margin: 1.5,
      lift: Number.NaN,
      discounts: [{ id: 'ten-percent', discount: { kind: 'percent', value: 1.2 } }],
    }),
    [
      'The average order value must be a number above 0.',
      'The margin must be from 0% to 100%.',
      'The assumed lift must be from -100 to 100 percentage points.',
      'The discount of "ten-percent" must be from 0% to 100%.',
    ],
  );
});

test('the exported config keeps every offer field it was given, and trigger and minLeaveRisk only when set', () => {
  const fields = parseOfferFields('{"headline": "10% off", "code": "WELCOME10", "style": {"color": "red"}}');
  assert.ok('fields' in fields);
  const config = buildConfig({
    tiers: [
      { id: 'free-shipping', below: 0.3, fields: { headline: 'Free shipping today' } },
      { id: 'ten-percent', below: 0.1, fields: fields.fields },
    ],
    minPageViews: 3,
    holdout: 0.1,
    trigger: 'exit-intent',
    minLeaveRisk: 0.4,
  });
  assert.deepEqual(config, {
    offers: [
      { id: 'ten-percent', below: 0.1, headline: '10% off', code: 'WELCOME10', style: { color: 'red' } },
      { id: 'free-shipping', below: 0.3, headline: 'Free shipping today' },
    ],
    minPageViews: 3,
    holdout: 0.1,
    trigger: 'exit-intent',
    minLeaveRisk: 0.4,
  });
  assert.deepEqual(
    buildConfig({
      tiers: [{ id: 'a', below: 0.2 }],
      minPageViews: 2,
      holdout: 0,
      trigger: 'pageview',
      minLeaveRisk: 0,
    }),
    {
      offers: [{ id: 'a', below: 0.2 }],
      minPageViews: 2,
      holdout: 0,
    },
  );
  assert.deepEqual(parseOfferFields('  '), { fields: {} });
  assert.match((parseOfferFields('{"headline": ') as { problem: string }).problem, /^not valid JSON/);
  assert.match((parseOfferFields('["x"]') as { problem: string }).problem, /^must be a JSON object/);
  assert.deepEqual(parseOfferFields('{"id": "x", "below": 0.5}'), {
    problem: `sets "id" and "below": use the tier's own controls`,
  });
});

test('a metrics file is checked before use and its first problem is named; files without joint pass', () => {
  assert.equal(metricsProblem(fixtureMetrics()), null);
  const noJoint = fixtureMetrics();
  delete (noJoint.pageViews[1] as { joint?: unknown }).joint;
  assert.equal(metricsProblem(noJoint), null);
  const broken = (edit: (m: ReturnType<typeof fixtureMetrics>) => void) => {
    const m = fixtureMetrics();
    edit(m);
    return metricsProblem(m);
  };
  assert.equal(metricsProblem([1]), 'it is not a JSON object');
  assert.match(metricsProblem({ format: 'layers-model' })!, /^it has no pageViews list/);
  assert.equal(
    broken((m) => ((m.pageViews[1].thresholdTable[4] as { shareBelow: unknown }).shareBelow = 'x')),
    'pageViews[1].thresholdTable[4].shareBelow is not a number from 0 to 1',
  );
  assert.equal(
    broken((m) => (m.pageViews[1] as { joint: { sessions: number[][] } }).joint.sessions.pop()),
    'pageViews[1].joint.sessions is not 100 rows of 10 counts of 0 or more',
  );
  assert.equal(
    broken((m) => ((m.pageViews[1] as { joint: { purchases: number[][] } }).joint.purchases[5][1] = 301)),
    'pageViews[1].joint.purchases[5][1] exceeds its sessions',
  );
  assert.equal(
    broken((m) => delete (m as { evaluation?: unknown }).evaluation),
    'evaluation.folds is missing or not a number',
  );
});
