// The money section and the gate control of the tuner page: DOM only; the figures are money.js's
// on the tier shares of model.js (plain) and gate.js (gated), so this file decides nothing.
import { $, listTexts } from './dom.js';
import { gatedCurve } from './gate.js';
import { percent, tierShares, tierSharesOn } from './model.js';
import { amount, count, moneyPer1000, moneyProblems, PER_SESSIONS, points } from './money.js';

/** A number field's value (NaN when empty or not a number: moneyProblems names it). */
const numberOf = (id) => /** @type {HTMLInputElement} */ ($(id)).valueAsNumber;

/**
 * The gate control: movable only with a leave-risk table at this page view (else frozen, with a
 * note). Returns the gate as set: the config keeps what the marketer chose whatever file is shown.
 * @param {number} k the chosen page view
 * @param {import('./model.js').PageViewMetrics} m the chosen file's figures there
 * @returns {number}
 */
export function renderGate(k, m) {
  const slider = /** @type {HTMLInputElement} */ ($('min-leave-risk'));
  slider.disabled = !m.joint;
  const gate = Number(slider.value);
  $('min-leave-risk-value').textContent = gate.toFixed(1);
  const model = m.leaveRisk?.model;
  $('gate-note').textContent = !m.joint
    ? `This metrics file has no leave-risk table at page view ${k} (a file from before the leave-risk model), so the gate cannot be modelled here.`
    : `Leave risk: the chance that the visit ends within the next two page views${model ? `; its model at page view ${k} has ROC AUC ${model.rocAuc.toFixed(3)}, ECE ${(model.ece * 100).toFixed(1)} pp` : ''}. Modelled in steps of 0.1.`;
  return gate;
}

/**
 * The money section: the figures without and with the gate, or the problems with the inputs, and the
 * trigger's note (what the figures are for).
 * @param {number} k the chosen page view
 * @param {any} m the chosen file's figures there (atPageView)
 * @param {{ id: string, below: number, discount: import('./money.js').Discount }[]} list the tiers
 * @param {number} holdout
 * @param {'pageview' | 'exit-intent'} trigger
 * @param {number} gate minLeaveRisk as set
 */
export function renderMoney(k, m, list, holdout, trigger, gate) {
  const inputs = { aov: numberOf('aov'), margin: numberOf('margin') / 100, lift: numberOf('lift') / 100 };
  const problems = moneyProblems({ ...inputs, discounts: list });
  listTexts($('money-problems'), problems);
  const plain = problems.length ? null : moneyPer1000(tierShares(m, list, holdout), inputs);
  const gated =
    problems.length || !m.joint ? null : moneyPer1000(tierSharesOn(gatedCurve(m.joint, gate), list, holdout), inputs);
  $('money-gated-head').textContent = m.joint
    ? `With the gate (leave risk ≥ ${gate.toFixed(1)})`
    : 'With the gate (not modelled)';
  /** Each figure: its row key, its label, how a result shows it. */
  const figures = [
    ['offered', 'Sessions offered', (r) => `${count(r.offered)} (${percent(r.offered / PER_SESSIONS)})`],
    ['anyway', 'Buyers who get a discount though they would have bought', (r) => count(r.boughtAnyway)],
    ['buyers-share', 'Share of eventual buyers who get a discount', (r) => percent(r.buyersShare)],
    ['cost', 'Cost of those discounts', (r) => amount(r.cost)],
    ['extra-orders', 'Extra orders at the assumed lift', (r) => count(r.extraOrders)],
    ['extra-margin', 'Margin of the extra orders, after their discount', (r) => amount(r.extraMargin)],
    ['net', 'Net (extra margin minus cost)', (r) => amount(r.net)],
    [
      'break-even',
      'Break-even lift',
      (r) =>
        r.breakEvenLift === null
          ? 'none: no lift pays (no one offered, or the discount exceeds the margin)'
          : points(r.breakEvenLift),
    ],
  ];
  const cell = (result, show) => (result ? show(result.total) : '—');
  /** @type {HTMLTableElement} */ const table = /** @type {any} */ ($('money-table'));
  table.tBodies[0].replaceChildren(
    ...figures.map(([key, label, show]) => {
      const tr = document.createElement('tr');
      tr.dataset.row = key;
      const th = Object.assign(document.createElement('th'), { scope: 'row', textContent: label });
      const a = Object.assign(document.createElement('td'), { textContent: cell(plain, show) });
      const b = Object.assign(document.createElement('td'), { textContent: cell(gated, show) });
      a.dataset.col = 'plain';
      b.dataset.col = 'gated';
      a.dataset.label = 'No leave-risk gate';
      b.dataset.label = $('money-gated-head').textContent ?? '';
      tr.append(th, a, b);
      return tr;
    }),
  );
  $('trigger-note').textContent =
    `These figures are for sessions decided at page view ${k}: each session still going there, counted once.` +
    (trigger === 'exit-intent'
      ? ' With the exit-intent trigger the offer is shown only when the visitor shows exit intent, which these data cannot measure: the sessions offered, discounts, cost and extra orders are at most these figures. The leave-risk gate is the part of "about to leave" the data can model.'
      : ' With the default trigger the offer is shown after that page view.');
}
