import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionRecord } from '../../src/features/types';
import { buildInProgress, REPORTED_PAGE_VIEWS, statesAt } from '../../model/src/data/in-progress';
import { rng } from '../../model/src/data/random';
import { pageCount, sessionStates, simulatePages, statesOf, type Page } from '../../model/src/data/states';
import { DEFAULT_CV, groupedPlans } from '../../model/src/evaluation/cross-validate';

/** One administrative page (10 s in all) and two product pages (30 s in all), with page statistics and codes. */
const ROW: SessionRecord = {
  Administrative: 1,
  Administrative_Duration: 10,
  Informational: 0,
  Informational_Duration: 0,
  ProductRelated: 2,
  ProductRelated_Duration: 30,
  BounceRates: 0.02,
  ExitRates: 0.05,
  PageValues: 12.5,
  SpecialDay: 0.4,
  Month: 'Nov',
  OperatingSystems: 2,
  Browser: 1,
  Region: 3,
  TrafficType: 4,
  VisitorType: 'New_Visitor',
  Weekend: true,
};

const counts = (r: SessionRecord) => [
  r.Administrative,
  r.Administrative_Duration,
  r.Informational,
  r.Informational_Duration,
  r.ProductRelated,
  r.ProductRelated_Duration,
];

test('states of a small session, computed by hand: counts of the first k pages, durations of the first k - 1', () => {
  const pages: Page[] = [
    { type: 'product', seconds: 15 },
    { type: 'administrative', seconds: 10 },
    { type: 'product', seconds: 15 },
  ];
  const s = statesOf(ROW, pages);
  assert.equal(s.length, 3);
  assert.deepEqual(counts(s[0]), [0, 0, 0, 0, 1, 0]);
  assert.deepEqual(counts(s[1]), [1, 0, 0, 0, 1, 15]);
  assert.deepEqual(counts(s[2]), [1, 10, 0, 0, 2, 15]);
  for (const st of s) {
    // Every page carries the session's averages, so the running average is the session's.
    const near = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
    near(st.BounceRates, 0.02);
    near(st.ExitRates, 0.05);
    near(st.PageValues, 12.5);
    assert.deepEqual(
      [st.SpecialDay, st.Month, st.VisitorType, st.Weekend, st.OperatingSystems, st.Browser, st.Region, st.TrafficType],
      [0.4, 'Nov', 'New_Visitor', true, 2, 1, 3, 4],
    );
  }
});

test('the page model keeps every page and its type, and each page of a type lasts the type mean', () => {
  const pages = simulatePages(ROW, rng(1));
  assert.equal(pages.length, pageCount(ROW));
  assert.deepEqual(
    pages.filter((p) => p.type === 'product').map((p) => p.seconds),
    [15, 15],
  );
  assert.deepEqual(
    pages.filter((p) => p.type === 'administrative').map((p) => p.seconds),
    [10],
  );
  assert.deepEqual(simulatePages(ROW, rng(1)), pages, 'seeded: the same seed lays the session out alike');
  const random = simulatePages(ROW, rng(1), { order: 'blocks', durations: 'random' });
  const product = random.filter((p) => p.type === 'product').reduce((s, p) => s + p.seconds, 0);
  assert.ok(Math.abs(product - 30) < 1e-9, 'a random split still adds up to the total');
  const types = random.map((p) => p.type).join();
  assert.ok(['administrative,product,product', 'product,product,administrative'].includes(types), types);
});

test('a session without typed pages keeps its one state: the row itself', () => {
  const empty = {
    ...ROW,
    Administrative: 0,
    Administrative_Duration: 0,
    ProductRelated: 0,
    ProductRelated_Duration: 0,
  };
  assert.deepEqual(sessionStates(empty, rng(1)), [empty]);
});

/** A few sessions of different lengths: page counts 0..24, every third one a purchase. */
function sessions(n: number) {
  const rows = Array.from({ length: n }, (_, i) => ({
    ...ROW,
    Administrative: i % 3,
    ProductRelated: i % 25,
    ProductRelated_Duration: (i % 25) * 7,
  }));
  return { rows, labels: rows.map((_, i) => (i % 3 === 0 ? 1 : 0)) };
}

test('training states are kept at a rate that depends on the page view only: long and short sessions alike', () => {
  const data = sessions(3000);
  const ip = buildInProgress(data, { trainStates: 9000 });
  assert.ok(Math.abs(ip.train.length - 9000) < 400, `${ip.train.length}`);
  const [first, early, later] = ip.sampled.map((s) => s.rate);
  assert.deepEqual(
    ip.sampled.map((s) => s.untilPageView),
    [3, 12, null],
  );
  assert.ok(
    Math.abs(first - 6 * later) < 1e-12 && Math.abs(early - 3 * later) < 1e-12,
    'the boosts of the early page views',
  );
  // The share of their states at page views 4..12 that long and short sessions keep is the same.
  const share = (long: boolean) => {
    const mine = new Set(data.rows.map((_, i) => i).filter((i) => pageCount(data.rows[i]) >= 14 === long));
    const all = [...mine].reduce((s, i) => s + Math.max(0, Math.min(12, pageCount(data.rows[i])) - 3), 0);
    const kept = ip.train.filter((r) => {
      const k = pageCount(ip.data.rows[r]);
      return mine.has(ip.session[r]) && k >= 4 && k <= 12;
    }).length;
    return kept / all;
  };
  assert.ok(Math.abs(share(true) - share(false)) < 0.04, `${share(true)} vs ${share(false)}`);
  assert.ok(Math.abs(share(true) - early) < 0.04);
  for (const r of ip.train)
    assert.equal(ip.data.labels[r], data.labels[ip.session[r]], 'a state has its session label');
});

test('the state at page view k has k typed pages, and only sessions still going at k have one', () => {
  const data = sessions(200);
  const ip = buildInProgress(data, { trainStates: 500 });
  for (const p of ip.points) {
    for (const r of p.rows) {
      const n = Math.max(1, pageCount(data.rows[ip.session[r]]));
      const k = p.at === 'last' ? n : p.at;
      assert.ok(k <= n);
      assert.equal(pageCount(ip.data.rows[r]), pageCount(data.rows[ip.session[r]]) === 0 ? 0 : k);
    }
  }
  assert.deepEqual(
    ip.points.map((p) => p.at),
    [...REPORTED_PAGE_VIEWS, 'last'],
  );
  // statesAt lays the sessions out as the training rows do: the same states at page view 3.
  const at3 = statesAt(data, [3])[0];
  const point = ip.points.find((p) => p.at === 3)!;
  assert.deepEqual(
    at3.rows,
    point.rows.map((r) => ip.data.rows[r]),
  );
});

test('folds are grouped by session: no session has rows on both sides of a fold', () => {
  const data = sessions(600);
  const ip = buildInProgress(data, { trainStates: 3000 });
  for (const from of ['states', 'totals'] as const) {
    const plans = groupedPlans(ip, DEFAULT_CV, from);
    const tested = new Set<number>();
    for (const plan of plans) {
      const fitSessions = new Set(plan.fit.map((r) => ip.session[r]));
      for (const r of plan.test) assert.ok(!fitSessions.has(ip.session[r]), `session ${ip.session[r]} straddles`);
      // Inner folds group by session too.
      const innerOf = new Map<number, number>();
      plan.fit.forEach((r, j) => {
        const s = ip.session[r];
        assert.equal(innerOf.get(s) ?? plan.inner[j], plan.inner[j]);
        innerOf.set(s, plan.inner[j]);
      });
      plan.test.forEach((r) => tested.add(r));
    }
    assert.equal(tested.size, ip.points.reduce((s, p) => s + p.rows.length, 0) + ip.totals.length);
  }
});
