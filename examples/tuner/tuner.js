// The threshold tuner page: loads the metrics files (load.js), draws the charts as SVG, keeps the
// tier controls and renders the tier table, the money section (money-view.js) and the marketer
// config. All numbers come from model.js, gate.js and money.js; this file only wires the DOM. Text is
// always set with textContent: tier ids and file names are typed or chosen by the user.
import {
  atPageView,
  buildConfig,
  curveAt,
  pageViewFor,
  parseOfferFields,
  percent,
  reportedPageViews,
  tierShares,
  tierWarnings,
} from './model.js';
import { fetchMetrics, readMetricsFile } from './load.js';
import { $, listTexts } from './dom.js';
import { renderGate, renderMoney } from './money-view.js';
import { lineChart, reliabilityChart } from './charts.js';

const VARIANTS = ['full', 'behavioral'];
const MAX_TIERS = 3;

/** The page's state; tiers keep their input elements so typing never rebuilds (and unfocuses) them. */
const state = {
  /** Metrics files by radio value: the shipped variants, and `loaded` once a file is loaded. */
  /** @type {Record<string, any>} */ metrics: {},
  /** @type {{ key: number, id: HTMLInputElement, below: HTMLInputElement, kind: HTMLSelectElement, amount: HTMLInputElement, fields: HTMLInputElement, box: HTMLElement, legend: HTMLElement, remove: HTMLButtonElement }[]} */ tiers:
    [],
  /** @type {((json: unknown) => { issues: { message: string }[] }) | null} */ validate: null,
  /** The JSON text last shown, or null when it has issues: what Copy and Download export. */
  exportText: /** @type {string | null} */ (null),
};
let nextKey = 0;

/**
 * Loads both shipped metrics files, the one `?metrics=<url>` names (if any) and the SDK's validator
 * (the dist/ ESM build), then draws the page. The validator is imported dynamically so the charts
 * still work when dist/ has not been built.
 */
async function start() {
  try {
    const files = await Promise.all(VARIANTS.map((v) => fetchMetrics(`/model/artifacts/${v}/metrics.json`)));
    VARIANTS.forEach((v, i) => {
      state.metrics[v] = files[i];
    });
  } catch (e) {
    $('load-status').textContent = `The model metrics could not be loaded: ${e.message}.`;
    return;
  }
  try {
    state.validate = (await import('/dist/index.js')).validateConfig;
  } catch {
    state.validate = null; // reported in the config section; export stays disabled
  }
  $('load-status').textContent = '';
  const named = new URLSearchParams(location.search).get('metrics');
  if (named) {
    try {
      useLoaded(await fetchMetrics(named), named);
    } catch (e) {
      showLoadError(e);
    }
  }
  fillPageViews();
  $('page-view').addEventListener('change', renderVariant);
  // The curves follow minPageViews (the first page view the SDK scores) until the marketer picks another.
  $('min-page-views').addEventListener('input', () => {
    syncPageView();
    renderVariant();
  });
  $('metrics-file').addEventListener('change', async () => {
    const file = /** @type {HTMLInputElement} */ ($('metrics-file')).files?.[0];
    if (!file) return;
    try {
      useLoaded(await readMetricsFile(file), file.name);
      fillPageViews();
      renderVariant();
    } catch (e) {
      showLoadError(e);
    }
  });
  addTier('free-shipping', 0.3, { kind: 'fixed', value: 5 });
  addTier('ten-percent', 0.1, { kind: 'percent', value: 10 });
  $('variant').addEventListener('change', () => {
    fillPageViews();
    renderVariant();
  });
  for (const id of [
    'holdout',
    'min-page-views',
    'max-offers',
    'cooldown-days',
    'min-leave-risk',
    'aov',
    'margin',
    'lift',
  ])
    $(id).addEventListener('input', render);
  $('trigger').addEventListener('change', render);
  $('add-tier').addEventListener('click', () => {
    // A new tier goes above the highest one, where it reaches more sessions; capped at 0.99.
    const top = Math.max(0, ...state.tiers.map((t) => Number(t.below.value)));
    addTier(`offer-${nextKey + 1}`, Math.min(0.99, Math.round((top + 0.1) * 100) / 100), {
      kind: 'percent',
      value: 10,
    });
    state.tiers[state.tiers.length - 1].id.focus();
  });
  $('copy-config').addEventListener('click', copyConfig);
  $('download-config').addEventListener('click', downloadConfig);
  renderVariant();
  // The charts draw at their shown width (see charts.js): redraw when it changes, e.g. on rotation.
  let lastWidth = 0;
  new ResizeObserver(([entry]) => {
    const w = Math.round(entry.contentRect.width);
    if (w !== lastWidth && lastWidth) renderVariant();
    lastWidth = w;
  }).observe($('threshold-chart'));
}

/** Makes a loaded metrics file the chosen one, behind its own radio (added once, relabelled after). */
function useLoaded(metrics, name) {
  state.metrics.loaded = metrics;
  let radio = /** @type {HTMLInputElement | null} */ (document.querySelector('input[name="variant"][value="loaded"]'));
  if (!radio) {
    radio = Object.assign(document.createElement('input'), { type: 'radio', name: 'variant', value: 'loaded' });
    const label = document.createElement('label');
    label.id = 'loaded-label';
    label.append(radio, document.createElement('span'));
    document.querySelector('input[name="variant"][value="behavioral"]')?.closest('label')?.after(label);
  }
  const what = `${metrics.variant ?? 'unknown variant'}${metrics.modelVersion ? `, ${metrics.modelVersion}` : ''}`;
  /** @type {HTMLElement} */ ($('loaded-label').querySelector('span')).textContent = ` your file: ${name} (${what})`;
  radio.checked = true;
  const views = reportedPageViews(metrics).join(', ');
  const joint = metrics.pageViews.some((p) => p.joint) ? 'with' : 'without';
  $('metrics-status').textContent = `Loaded ${name}: ${what}; page views ${views}; ${joint} the leave-risk table.`;
  $('metrics-status').className = 'good';
}

/** Shows why a file was refused; the page keeps the file it had. */
function showLoadError(e) {
  $('metrics-status').textContent = `${e.message}. The tuner keeps the file it had.`;
  $('metrics-status').className = 'bad';
}

/** Adds one tier's controls (id, threshold slider with its value, discount, other offer fields, remove button). */
function addTier(id, below, discount) {
  const key = nextKey++;
  const box = document.createElement('fieldset');
  box.className = 'tier';
  const legend = document.createElement('legend');
  const idField = field(
    `tier-${key}-id`,
    'Offer id',
    Object.assign(document.createElement('input'), {
      type: 'text',
      value: id,
      maxLength: 100,
      required: true,
      autocomplete: 'off',
    }),
  );
  const slider = Object.assign(document.createElement('input'), {
    type: 'range',
    min: '0',
    max: '1',
    step: '0.01',
    value: String(below),
  });
  const belowField = field(`tier-${key}-below`, 'Offer when the probability is below', slider, true);
  const kind = document.createElement('select');
  kind.add(new Option('percent of the order', 'percent'));
  kind.add(new Option('fixed amount', 'fixed'));
  kind.value = discount.kind;
  const kindField = field(`tier-${key}-kind`, 'Discount', kind);
  const amountField = field(
    `tier-${key}-amount`,
    'Discount value (percent, or amount)',
    Object.assign(document.createElement('input'), {
      type: 'number',
      min: '0',
      step: 'any',
      value: String(discount.value),
      inputMode: 'decimal',
    }),
  );
  const fieldsField = field(
    `tier-${key}-fields`,
    'Other offer fields (JSON, optional)',
    Object.assign(document.createElement('input'), {
      type: 'text',
      placeholder: '{"headline": "10% off", "code": "WELCOME10"}',
      autocomplete: 'off',
      spellcheck: false,
    }),
  );
  const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Remove tier' });
  const tier = {
    key,
    id: idField.input,
    below: slider,
    kind,
    amount: amountField.input,
    fields: fieldsField.input,
    box,
    legend,
    remove,
  };
  remove.addEventListener('click', () => {
    state.tiers = state.tiers.filter((t) => t !== tier);
    box.remove();
    renderTierList();
    $('add-tier').focus(); // the focused button is gone: keep the keyboard user in the section
  });
  for (const input of [idField.input, slider, amountField.input, fieldsField.input])
    input.addEventListener('input', render);
  kind.addEventListener('change', render);
  box.append(legend, idField.wrap, belowField.wrap, kindField.wrap, amountField.wrap, fieldsField.wrap, remove);
  $('tiers').appendChild(box);
  state.tiers.push(tier);
  renderTierList();
}

/** A labelled control; with `withValue`, the current value is shown in an <output> beside it. */
function field(id, text, input, withValue = false) {
  const wrap = document.createElement('div');
  wrap.className = 'field';
  const label = Object.assign(document.createElement('label'), { htmlFor: id, textContent: text });
  input.id = id;
  wrap.append(label);
  if (!withValue) wrap.append(input);
  else {
    const row = Object.assign(document.createElement('div'), { className: 'range' });
    const out = document.createElement('output');
    out.htmlFor.add(id);
    const show = () => {
      out.textContent = Number(input.value).toFixed(2);
    };
    input.addEventListener('input', show);
    show();
    row.append(input, out);
    wrap.append(row);
  }
  return { wrap, input };
}

/** Renumbers the tiers and enables add/remove within 1..MAX_TIERS, then re-renders. */
function renderTierList() {
  state.tiers.forEach((t, i) => {
    t.legend.textContent = `Tier ${i + 1}`;
    t.remove.disabled = state.tiers.length === 1;
  });
  /** @type {HTMLButtonElement} */ ($('add-tier')).disabled = state.tiers.length >= MAX_TIERS;
  render();
}

/** The chosen variant, read from the radios (they may have been changed before the page was wired). */
const variant = () => /** @type {HTMLInputElement} */ (document.querySelector('input[name="variant"]:checked')).value;

/** Fills the page-view picker from the chosen file (a retrained model may report other page views). */
function fillPageViews() {
  const picker = /** @type {HTMLSelectElement} */ ($('page-view'));
  const picked = picker.value;
  const views = reportedPageViews(current()).map(String);
  picker.replaceChildren(...views.map((k) => new Option(`page view ${k}`, k)));
  // Keep a page view the marketer picked when the new file reports it too.
  if (views.includes(picked)) picker.value = picked;
  else syncPageView();
}

/** The chosen metrics file. */
const current = () => state.metrics[variant()];

/** Selects the page view that minPageViews (the first page view the SDK scores) falls on. */
function syncPageView() {
  const min = /** @type {HTMLInputElement} */ ($('min-page-views')).valueAsNumber;
  /** @type {HTMLSelectElement} */ ($('page-view')).value = String(
    pageViewFor(current(), Number.isFinite(min) ? min : 0),
  );
}

/** The chosen file's figures at the chosen page view. */
function selection() {
  const k = Number(/** @type {HTMLSelectElement} */ ($('page-view')).value);
  return { k, m: atPageView(current(), k), folds: current().evaluation.folds };
}

/** Redraws what depends on the variant and page view only (the reliability chart, the summary), then the rest. */
function renderVariant() {
  const { k, m, folds } = selection();
  reliabilityChart(/** @type {SVGSVGElement} */ ($('reliability-chart')), m.reliability);
  $('model-summary').textContent =
    `This variant at page view ${k}: ROC AUC ${m.model.rocAuc.toFixed(3)}, calibration error (ECE) ${(m.model.ece * 100).toFixed(1)} percentage points, ` +
    `mean predicted ${percent(m.model.meanPredicted)}; ${m.sessions.toLocaleString('en')} sessions still going there, of which ${percent(m.purchases / m.sessions)} bought; ${folds}-fold cross-validation grouped by session.`;
  render();
}

/** The current tiers as plain data: id, threshold, discount (percent as a fraction) and the parsed offer fields. */
const tiers = () =>
  state.tiers.map((t) => {
    const kind = /** @type {'percent' | 'fixed'} */ (t.kind.value);
    const value = t.amount.valueAsNumber / (kind === 'percent' ? 100 : 1);
    return {
      id: t.id.value,
      below: Number(t.below.value),
      discount: { kind, value },
      parsed: parseOfferFields(t.fields.value),
    };
  });

/** An optional number field: empty means "not set" (the SDK's default); anything else goes to the validator. */
const optionalNumber = (id) => {
  const input = /** @type {HTMLInputElement} */ ($(id));
  return input.value === '' ? undefined : input.valueAsNumber;
};

/** Redraws the threshold chart, the tier table, the money figures and the config from the controls. */
function render() {
  if (!state.tiers.length) return;
  const { k, m } = selection();
  const holdout = Number(/** @type {HTMLInputElement} */ ($('holdout')).value);
  $('holdout-value').textContent = percent(holdout);
  const list = tiers();
  lineChart(/** @type {SVGSVGElement} */ ($('threshold-chart')), (t) => curveAt(m, t), list);
  renderTable(tierShares(m, list, holdout));
  listTexts($('tier-warnings'), tierWarnings(list));
  const trigger = /** @type {'pageview' | 'exit-intent'} */ (/** @type {HTMLSelectElement} */ ($('trigger')).value);
  const minLeaveRisk = renderGate(k, m);
  renderMoney(k, m, list, holdout, trigger, minLeaveRisk);
  const fieldProblems = list.flatMap((t, i) =>
    'problem' in t.parsed ? [`Tier ${i + 1} ("${t.id || 'no id'}"): other offer fields ${t.parsed.problem}.`] : [],
  );
  // A blank minPageViews becomes NaN, written as null: the validator then names the field.
  const minPageViews = /** @type {HTMLInputElement} */ ($('min-page-views')).valueAsNumber;
  renderConfig(
    buildConfig({
      tiers: list.map((t) => ({ id: t.id, below: t.below, fields: 'fields' in t.parsed ? t.parsed.fields : {} })),
      minPageViews,
      holdout,
      maxOffersPerSession: optionalNumber('max-offers'),
      cooldownDays: optionalNumber('cooldown-days'),
      trigger,
      minLeaveRisk,
    }),
    fieldProblems,
  );
}

/** The tier table: one row per tier, lowest threshold first, and a total row. */
function renderTable(result) {
  // The column titles, repeated on each cell for the narrow layout, where rows stack as cards.
  const titles = [...document.querySelectorAll('#tier-table thead th')].map((th) => th.textContent ?? '');
  const cells = (values) => {
    const tr = document.createElement('tr');
    values.forEach(([name, text], i) => {
      const cell = document.createElement(i === 0 ? 'th' : 'td');
      if (i === 0) cell.scope = 'row';
      cell.dataset.col = name;
      cell.dataset.label = titles[i];
      cell.textContent = text;
      tr.appendChild(cell);
    });
    return tr;
  };
  const numbers = (r) => [
    ['share', percent(r.share)],
    ['offered', percent(r.offered)],
    ['bought', percent(r.boughtAnyway)],
    ['nonbuyers', percent(r.nonBuyersReached)],
  ];
  /** @type {HTMLTableElement} */ const table = /** @type {any} */ ($('tier-table'));
  table.tBodies[0].replaceChildren(
    ...result.tiers.map((r) => cells([['id', r.id || '(no id)'], ['below', r.below.toFixed(2)], ...numbers(r)])),
  );
  /** @type {HTMLTableSectionElement} */ (table.tFoot).replaceChildren(
    cells([['id', 'All tiers'], ['below', ''], ...numbers(result.total)]),
  );
}

/**
 * Validates the config with the SDK's own validator, on the JSON text exactly as exported, plus the
 * tuner's own problems (offer fields it could not read: exporting without them would drop them).
 */
function renderConfig(config, ownProblems) {
  const text = JSON.stringify(config, null, 2);
  const area = /** @type {HTMLTextAreaElement} */ ($('config-json'));
  area.value = text;
  area.rows = text.split('\n').length; // the whole config in view, no inner scrolling
  const issues = [
    ...ownProblems,
    ...(state.validate ? state.validate(JSON.parse(text)).issues.map((i) => i.message) : []),
  ];
  $('config-status').textContent = !state.validate
    ? "Not checked: the SDK's validator (/dist/index.js) could not be loaded, so export is disabled. Run npm run build."
    : issues.length
      ? `This config cannot be exported (${issues.length} issue${issues.length > 1 ? 's' : ''}); an invalid config file blocks all offers:`
      : "Valid: the SDK's own validator found no issues.";
  $('config-status').className = state.validate && !issues.length ? 'good' : 'bad';
  listTexts($('config-issues'), issues);
  state.exportText = state.validate && !issues.length ? text : null;
  for (const id of ['copy-config', 'download-config'])
    /** @type {HTMLButtonElement} */ ($(id)).disabled = !state.exportText;
  $('export-status').textContent = '';
}

/** Copies the config: the Clipboard API, else selecting the text and the older copy command. */
async function copyConfig() {
  if (!state.exportText) return;
  const status = $('export-status');
  try {
    await navigator.clipboard.writeText(state.exportText);
    status.textContent = 'Copied to the clipboard.';
    return;
  } catch {
    // No clipboard permission or no secure context: fall back below.
  }
  const area = /** @type {HTMLTextAreaElement} */ ($('config-json'));
  area.focus();
  area.select();
  let copied;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  status.textContent = copied
    ? 'Copied to the clipboard.'
    : 'The text is selected: press Ctrl+C (or Cmd+C) to copy it.';
}

/** Saves the config as intent-config.json through a temporary Blob URL. */
function downloadConfig() {
  if (!state.exportText) return;
  const url = URL.createObjectURL(new Blob([state.exportText + '\n'], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: 'intent-config.json' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000); // after the browser has started the download
  $('export-status').textContent = 'Downloaded intent-config.json.';
}

start();
