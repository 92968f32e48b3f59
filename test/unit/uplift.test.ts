import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataError } from '../../model/src/data/csv';
import { newcombe, wilson, Z95 } from '../../model/src/evaluation/intervals';
import { compare, upliftReport, type UpliftSession } from '../../model/src/feedback/uplift';
import { parseUpliftCsv } from '../../model/src/feedback/uplift-csv';
import { upliftSessionOf } from '../../model/src/feedback/uplift-records';
import { validateExport } from '../../model/src/feedback/session-export';
import { runCli, tempFile } from '../helpers/cli';
import { record } from '../helpers/records';

const close = (got: number, want: number, tol = 5e-5): void =>
  assert.ok(Math.abs(got - want) <= tol, `${got} vs ${want}`);

test('Wilson intervals match the hand computation and the published example', () => {
  // 5/10 by hand, z² = 3.8415: centre (5 + 1.9207) / 13.8415 = 0.5;
  // half-width 1.96 / 13.8415 * sqrt(5 * 5 / 10 + 0.9604) = 0.14160 * 1.86021 = 0.26341.
  const a = wilson(5, 10);
  close(a.low, 0.5 - 0.26341);
  close(a.high, 0.5 + 0.26341);
  // 0/10: centre = half-width = 1.9207 / 13.8415 = 0.13877, so [0, 0.27753]; never a negative rate.
  const b = wilson(0, 10);
  assert.equal(b.low, 0);
  close(b.high, 0.27753);
  // Newcombe (1998), single proportion, 81/263: 0.2553 to 0.3662.
  const c = wilson(81, 263);
  close(c.low, 0.2553);
  close(c.high, 0.3662);
  close(Z95, 1.959964, 1e-6);
  assert.throws(() => wilson(0, 0), RangeError);
});

test("Newcombe's hybrid score interval of a difference matches Newcombe (1998), Table II, method 10", () => {
  const cases: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
  ];
  for (const [x1, n1, x2, n2, low, high] of cases) {
    const d = newcombe(x1, n1, x2, n2);
    close(d.difference, x1 / n1 - x2 / n2, 1e-12);
    close(d.low, low);
    close(d.high, high);
  }
  // By hand from the two Wilson intervals, 5/10 vs 0/10: d = 0.5,
  // low = 0.5 - sqrt((0.5 - 0.23659)² + (0.27753 - 0)²) = 0.5 - 0.38263, high = 0.5 + sqrt(0.26341² + 0²).
  const e = newcombe(5, 10, 0, 10);
  close(e.low, 0.5 - Math.hypot(0.26341, 0.27753));
  close(e.high, 0.5 + 0.26341);
});

/** `n` sessions of one arm, `bought` of them with a purchase. */
function sessions(
  n: number,
  bought: number,
  arm: 'treatment' | 'control',
  maxScore: number | null,
  offered = true,
): UpliftSession[] {
  return Array.from({ length: n }, (_, i) => ({ arm, offered, purchased: i < bought, maxScore, decisions: null }));
}

test('verdicts: too few sessions, no detectable difference, or a difference whose interval excludes 0', () => {
  assert.equal(
    compare('g', sessions(29, 10, 'treatment', 0.1), sessions(100, 1, 'control', 0.1)).verdict,
    'too few sessions to conclude (fewer than 30 in an arm)',
  );
  const none = compare('g', sessions(100, 10, 'treatment', 0.1), sessions(100, 8, 'control', 0.1));
  assert.equal(none.verdict, 'no detectable difference');
  assert.equal(none.conclusive, false);
  const up = compare('g', sessions(400, 80, 'treatment', 0.1), sessions(400, 40, 'control', 0.1));
  assert.equal(up.verdict, 'offers raised the purchase rate');
  assert.ok(up.conclusive && (up.difference?.low ?? 0) > 0);
  assert.equal(
    compare('g', sessions(400, 20, 'treatment', 0.1), sessions(400, 60, 'control', 0.1)).verdict,
    'offers lowered the purchase rate',
  );
  const empty = compare('g', sessions(10, 1, 'treatment', 0.1), []);
  assert.equal(empty.difference, null);
  assert.equal(empty.holdout.rate, null);
  assert.equal(empty.verdict, 'no holdout sessions: nothing to compare');
});

test('the report splits offered sessions by score band; unoffered sessions count only in intent-to-treat', () => {
  const all = [
    ...sessions(100, 20, 'treatment', 0.02),
    ...sessions(40, 4, 'control', 0.02),
    ...sessions(50, 5, 'treatment', 0.3),
    ...sessions(10, 1, 'control', 1),
    ...sessions(300, 60, 'treatment', 0.5, false),
    ...sessions(30, 6, 'control', null, false),
  ];
  const r = upliftReport(all);
  assert.deepEqual(
    r.comparisons.map((c) => [c.group, c.offered.sessions, c.holdout.sessions]),
    [
      ['all offered', 150, 50],
      ['maxScore [0, 0.05)', 100, 40],
      ['maxScore [0.05, 0.1)', 0, 0],
      ['maxScore [0.1, 0.2)', 0, 0],
      ['maxScore [0.2, 0.3)', 0, 0],
      ['maxScore [0.3, 1]', 50, 10],
    ],
  );
  assert.equal(r.comparisons[0].offered.purchases, 25);
  assert.deepEqual([r.intentToTreat.offered.sessions, r.intentToTreat.holdout.sessions], [450, 80]);
  assert.equal(r.comparisons[5].verdict, 'too few sessions to conclude (fewer than 30 in an arm)');
  assert.deepEqual(r.methods, { rate: 'wilson', difference: 'newcombe-hybrid-score' });
  // Without recorded decisions every offered session is under trigger unknown, and nothing is counted.
  assert.deepEqual(
    r.byTrigger.map((c) => [c.group, c.offered.sessions, c.holdout.sessions]),
    [['trigger unknown', 150, 50]],
  );
  assert.deepEqual(r.decisions, []);
});

/** `sessions(...)` whose decisions are the given ones (their arm is the session's). */
function decided(
  list: UpliftSession[],
  ...decisions: [trigger: 'pageview' | 'exit-intent', pageIndex: number][]
): UpliftSession[] {
  return list.map((s) => ({
    ...s,
    decisions: decisions.map(([trigger, pageIndex]) => ({ trigger, pageIndex, arm: s.arm })),
  }));
}

test('offered sessions are compared per trigger and page-view band of their first decision; every decision is counted', () => {
  const all = [
    // First decided on page view 3 by page view, then again on page view 6 by exit intent: counted under pageview, 3-4.
    ...decided(sessions(40, 8, 'treatment', 0.1), ['exit-intent', 6], ['pageview', 3]),
    ...decided(sessions(30, 3, 'control', 0.1), ['pageview', 4]),
    ...decided(sessions(20, 2, 'treatment', 0.1), ['exit-intent', 12]),
    ...decided(sessions(5, 0, 'control', 0.1), ['exit-intent', 1]),
    ...sessions(7, 1, 'treatment', 0.1), // an older SDK: no decisions
    ...decided(sessions(50, 5, 'treatment', 0.5, false)), // not offered: only in intent-to-treat
  ];
  const r = upliftReport(all);
  assert.deepEqual(
    r.byTrigger.map((c) => [c.group, c.offered.sessions, c.offered.purchases, c.holdout.sessions, c.holdout.purchases]),
    [
      ['trigger pageview', 40, 8, 30, 3],
      ['trigger pageview, page views 3-4', 40, 8, 30, 3],
      ['trigger exit-intent', 20, 2, 5, 0],
      ['trigger exit-intent, page view 1', 0, 0, 5, 0],
      ['trigger exit-intent, page views 12+', 20, 2, 0, 0],
      ['trigger unknown', 7, 1, 0, 0],
    ],
  );
  // The same interval machinery as the other rows: 8/40 against 3/30.
  const d = newcombe(8, 40, 3, 30);
  assert.deepEqual(r.byTrigger[0].difference, { estimate: d.difference, low: d.low, high: d.high });
  assert.equal(r.byTrigger[0].verdict, 'no detectable difference');
  assert.deepEqual(r.decisions, [
    { trigger: 'pageview', pages: 'page views 3-4', treatment: 40, control: 30 },
    { trigger: 'exit-intent', pages: 'page view 1', treatment: 0, control: 5 },
    { trigger: 'exit-intent', pages: 'page views 5-7', treatment: 40, control: 0 },
    { trigger: 'exit-intent', pages: 'page views 12+', treatment: 20, control: 0 },
  ]);
});

const HEAD = 'Revenue,arm,offered,maxScore,browserFamily';

test('the CSV reader takes the export columns and names file, line and column on bad input', () => {
  const s = parseUpliftCsv(`${HEAD}\nTRUE,treatment,TRUE,0.12,Chrome\nFALSE,control,FALSE,,"Safari, iOS"\n`, 'u.csv');
  assert.deepEqual(s, [
    { arm: 'treatment', offered: true, purchased: true, maxScore: 0.12, decisions: null },
    { arm: 'control', offered: false, purchased: false, maxScore: null, decisions: null },
  ]);
  const bad: [string, RegExp][] = [
    ['Revenue,arm,maxScore\nTRUE,control,0.1', /^u\.csv:1: column offered: missing from the header/],
    [`${HEAD}\nTRUE,holdout,TRUE,0.1,x`, /^u\.csv:2: column arm: expected treatment or control, got "holdout"$/],
    [`${HEAD}\nTRUE,control,yes,0.1,x`, /^u\.csv:2: column offered: unknown label "yes"; expected TRUE or FALSE$/],
    [
      `${HEAD}\nTRUE,control,TRUE,1.2,x`,
      /^u\.csv:2: column maxScore: expected empty or a number in \[0, 1\], got "1\.2"$/,
    ],
  ];
  for (const [text, expect] of bad)
    assert.throws(
      () => parseUpliftCsv(text, 'u.csv'),
      (e: unknown) => e instanceof DataError && expect.test(e.message),
    );
});

const cli = (args: string[]) => runCli('uplift', args);

test('npm run uplift prints a readable table, or one JSON object with --format json', () => {
  const rows = [
    ...Array.from({ length: 400 }, (_, i) => `${i < 80 ? 'TRUE' : 'FALSE'},treatment,TRUE,0.15,Chrome`),
    ...Array.from({ length: 400 }, (_, i) => `${i < 40 ? 'TRUE' : 'FALSE'},control,TRUE,0.15,Chrome`),
  ];
  const file = tempFile('sessions.csv', [HEAD, ...rows].join('\n'));
  // The difference's low end by hand: 0.1 - sqrt((0.2 - 0.16374)² + (0.13258 - 0.1)²) = 0.0513, i.e. +5.1 pp.
  const table = cli(['--data', file]);
  assert.equal(table.status, 0, table.stderr);
  assert.match(
    table.stdout,
    /\| all offered \| 400 \| 80 \| 20\.0% \[16\.4%, 24\.2%\] \| 400 \| 40 \| 10\.0% \[7\.4%, 13\.3%\] \| \+10\.0 pp \[\+5\.1, \+14\.9\] \| offers raised the purchase rate \|/,
  );
  assert.match(
    table.stdout,
    /\| maxScore \[0, 0\.05\) \| 0 \| 0 \| - \| 0 \| 0 \| - \| - \| no sessions: nothing to compare \|/,
  );
  assert.match(table.stdout, /Wilson score for each rate, Newcombe's hybrid score for the difference/);
  const json = cli(['--data', file, '--format', 'json']);
  assert.equal(json.status, 0, json.stderr);
  assert.equal(json.stdout.trim().split('\n').length, 1);
  const r = JSON.parse(json.stdout);
  assert.equal(r.file, file);
  assert.equal(r.sessions, 800);
  const w = wilson(80, 400);
  assert.deepEqual(r.comparisons[0].offered, { sessions: 400, purchases: 80, rate: 0.2, ci: w });
  assert.match(cli(['--data', file, '--format', 'xml']).stderr, /^error: unknown --format "xml"; use json or table\n$/);
});

/** An exported session as the SDK writes it; `decisions` only when given (older SDKs have none). */
function exportLine(arm: 'treatment' | 'control', bought: boolean, decisions?: unknown[]): string {
  return JSON.stringify({
    schemaVersion: 1,
    features: record({}),
    Revenue: bought,
    hasPageStats: true,
    browserFamily: 'Chrome',
    osFamily: 'Android',
    trafficSource: 'search',
    arm,
    scores: [{ pageIndex: 3, probability: 0.12, variant: 'full' }],
    offers: ['ten-percent'],
    modelVersion: null,
    visibleSeconds: { administrative: 0, informational: 0, product: 0, other: 0 },
    endReason: 'timeout',
    day: '2026-11-20',
    ...(decisions ? { decisions } : {}),
  });
}

test('npm run uplift --records reads the exports with their decisions and reports each trigger; older exports are unknown', () => {
  const pv = (arm: string) => [{ pageIndex: 3, trigger: 'pageview', offerId: 'ten-percent', arm }];
  const lines = [
    ...Array.from({ length: 40 }, (_, i) => exportLine('treatment', i < 8, pv('treatment'))),
    ...Array.from({ length: 40 }, (_, i) => exportLine('control', i < 4, pv('control'))),
    exportLine('treatment', false), // an SDK that exported no decisions
  ];
  const file = tempFile('sessions.jsonl', lines.join('\n') + '\n');
  const r = cli(['--records', file, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.deepEqual(
    report.byTrigger.map((c: { group: string; offered: { sessions: number }; holdout: { sessions: number } }) => [
      c.group,
      c.offered.sessions,
      c.holdout.sessions,
    ]),
    [
      ['trigger pageview', 40, 40],
      ['trigger pageview, page views 3-4', 40, 40],
      ['trigger unknown', 1, 0],
    ],
  );
  const table = cli(['--records', file]);
  assert.match(
    table.stdout,
    /\| trigger pageview \| 40 \| 8 \| 20\.0% \[.*\] \| 40 \| 4 \| 10\.0% \[.*\] \| \+10\.0 pp/,
  );
  assert.match(table.stdout, /\| pageview \| page views 3-4 \| 40 \| 40 \|/);
  // The CSV carries no decisions: it says so instead of a decision table.
  assert.match(
    cli(['--data', tempFile('s.csv', `${HEAD}\nTRUE,treatment,TRUE,0.1,x`)]).stdout,
    /No decisions recorded/,
  );
  assert.match(
    cli([]).stderr,
    /^error: give one of --records <sessions\.jsonl> \(the exports\) or --data <sessions\.csv>\n$/,
  );
  const bad = tempFile(
    'b.jsonl',
    exportLine('treatment', true, [{ pageIndex: 0, trigger: 'pageview', offerId: 'x', arm: 'treatment' }]),
  );
  assert.match(
    cli(['--records', bad]).stderr,
    /b\.jsonl:1: column decisions\[0\]\.pageIndex: expected an integer from 1, got 0\n$/,
  );
});

test('an export with decisions keeps them for the report; one without them reads as not recorded', () => {
  const at = { file: 's.jsonl', line: 1 };
  const d = { pageIndex: 5, trigger: 'exit-intent', offerId: 'x', arm: 'control' };
  assert.deepEqual(upliftSessionOf(validateExport(JSON.parse(exportLine('control', true, [d])), at)).decisions, [
    { pageIndex: 5, trigger: 'exit-intent', arm: 'control' },
  ]);
  assert.equal(upliftSessionOf(validateExport(JSON.parse(exportLine('control', true)), at)).decisions, null);
  assert.throws(
    () => validateExport(JSON.parse(exportLine('control', true, [{ ...d, trigger: 'scroll' }])), at),
    /column decisions\[0\]\.trigger: expected "pageview" or "exit-intent", got "scroll"/,
  );
});
