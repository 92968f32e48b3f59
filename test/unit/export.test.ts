import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toExport } from '../../src/features/export';
import { recordDecision } from '../../src/policy/policy';
import { addPageView, addScore, takeOutbox, type PageView } from '../../src/session/session';
import { trafficSource } from '../../src/signals/traffic-source';
import { familiesOf } from '../../src/signals/user-agent';
import type { StoredState } from '../../src/session/types';
import { record as uciRecord, sequence } from '../helpers/records';

const MIN = 60_000;
const rules = { timeoutMs: 30 * MIN, random: sequence(3) };
const t0 = new Date(2026, 10, 20, 10).getTime();
const view = (at: number, extra: Partial<PageView> = {}): PageView => ({
  at,
  type: 'product',
  campaign: '',
  stat: null,
  ...extra,
});
const run = (state: StoredState | undefined, ...views: PageView[]) =>
  views.reduce((s, v) => addPageView(s, v, rules), state)!;

test('a session that ends goes to the outbox with its reason; an ongoing one does not', () => {
  const s = run(undefined, view(t0), view(t0 + MIN));
  assert.equal(s.outbox, undefined);
  const timedOut = run(s, view(t0 + 40 * MIN));
  assert.deepEqual(
    timedOut.outbox!.map((e) => [e.endReason, e.session.views]),
    [['timeout', 2]],
  );
  const campaign = run(s, view(t0 + 2 * MIN, { campaign: 'x' }));
  assert.equal(campaign.outbox![0].endReason, 'campaign');
  const midnight = run(
    run(undefined, view(new Date(2026, 10, 20, 23, 50).getTime())),
    view(new Date(2026, 10, 21, 0, 5).getTime()),
  );
  assert.equal(midnight.outbox![0].endReason, 'midnight');
});

test('the outbox is taken exactly once, with pending visible time; a session keeps the source of its landing view', () => {
  const s = run(
    undefined,
    view(t0),
    view(t0 + 40 * MIN, { source: 'search' }),
    view(t0 + 41 * MIN, { source: 'social' }),
  );
  const first = takeOutbox(s, { product: 1500, bogus: 9 } as never);
  assert.equal(first.taken.length, 1);
  assert.equal(first.state!.outbox!.length, 0);
  assert.equal(first.state!.session!.source, 'search', "the new session's first view landed from search");
  assert.equal(first.state!.session!.visible!.product, 1500);
  assert.equal(takeOutbox(first.state, {}).taken.length, 0, 'a second taker gets nothing');
});

test('at most 20 ended sessions wait in the outbox', () => {
  let s: StoredState | undefined;
  for (let i = 0; i < 30; i++) s = run(s, view(t0 + i * 40 * MIN));
  assert.equal(s!.outbox!.length, 20);
});

test('traffic source classes from campaign parameters and the referrer', () => {
  assert.equal(trafficSource('?gclid=1', '', 'shop.test'), 'paid');
  assert.equal(trafficSource('?utm_medium=cpc', '', 'shop.test'), 'paid');
  assert.equal(trafficSource('?utm_medium=email', '', 'shop.test'), 'email');
  assert.equal(trafficSource('?utm_medium=social', '', 'shop.test'), 'social');
  assert.equal(trafficSource('', 'https://www.google.com/', 'shop.test'), 'search');
  assert.equal(trafficSource('', 'https://t.co/abc', 'shop.test'), 'social');
  assert.equal(trafficSource('', 'https://blog.example/post', 'shop.test'), 'referral');
  assert.equal(trafficSource('', 'https://shop.test/cart', 'shop.test'), 'direct');
  assert.equal(trafficSource('', '', 'shop.test'), 'direct');
  assert.equal(trafficSource('', 'not a url', 'shop.test'), 'direct');
});

test('browser and OS families are names, not codes', () => {
  assert.deepEqual(
    familiesOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36'),
    { browserFamily: 'Chrome', osFamily: 'Linux' },
  );
  assert.deepEqual(
    familiesOf(
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    ),
    { browserFamily: 'Safari', osFamily: 'iOS' },
  );
  assert.deepEqual(
    familiesOf(
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0',
    ),
    { browserFamily: 'Edge', osFamily: 'Windows' },
  );
  assert.deepEqual(familiesOf('Mozilla/5.0 (Android 14; Mobile; rv:120.0) Gecko/120.0 Firefox/120.0'), {
    browserFamily: 'Firefox',
    osFamily: 'Android',
  });
});

test('the export record: UCI features, outcome, scores and offers, no URL or identifier beyond the random session id', () => {
  let s = run(undefined, view(t0, { stat: { bounceRate: 0.1, exitRate: 0.2, pageValue: 5 } }), view(t0 + 30_000));
  const scored = { ...uciRecord(), ProductRelated: 1 };
  s = addScore(s, { probability: 0.12, variant: 'full', features: scored }, 'full-abc');
  s = run(s, view(t0 + 40 * MIN));
  const { taken } = takeOutbox(s, {});
  const record = toExport(taken[0], {
    Month: 'Nov',
    Weekend: false,
    SpecialDay: 0,
    browserFamily: 'Chrome',
    osFamily: 'Linux',
    arm: 'control',
    hasPageStats: true,
  });
  assert.deepEqual(record.scores, [
    { pageIndex: 2, probability: 0.12, variant: 'full', modelVersion: 'full-abc', features: scored },
  ]);
  assert.equal(record.modelVersion, 'full-abc');
  assert.equal(record.features.ProductRelated_Duration, 30);
  assert.equal(record.features.PageValues, 5);
  assert.equal(record.Revenue, false);
  assert.equal(record.day, '2026-11-20');
  assert.equal(record.arm, 'control');
  assert.deepEqual(Object.keys(record).sort(), [
    'Revenue',
    'arm',
    'browserFamily',
    'day',
    'decisions',
    'endReason',
    'features',
    'hasPageStats',
    'modelVersion',
    'offers',
    'osFamily',
    'schemaVersion',
    'scores',
    'trafficSource',
    'visibleSeconds',
  ]);
});

/** What the scoring half adds to an ended session when it exports it (a Chrome visitor on Linux, treatment). */
const EXPORT_CONTEXT = {
  Month: 'Nov',
  Weekend: false,
  SpecialDay: 0,
  browserFamily: 'Chrome',
  osFamily: 'Linux',
  arm: 'treatment',
  hasPageStats: false,
} as const;

test('the export lists each decision with its page view, trigger, offer and arm; each score carries its model version, the features it scored and leaveRisk when there is one', () => {
  let s = run(undefined, view(t0), view(t0 + MIN));
  const offer = { id: 'free-shipping', below: 0.3 };
  s = recordDecision(s, { action: 'offer', offer, arm: 'treatment' }, t0 + MIN);
  s = recordDecision(s, { action: 'holdout', offer, arm: 'control' }, t0 + MIN, {
    trigger: 'exit-intent',
    pageIndex: 1,
  });
  const features = { ...uciRecord(), Administrative: 1 };
  s = addScore(s, { probability: 0.2, variant: 'full', leaveRisk: 0.7, features }, 'full-abc');
  s = addScore(s, { probability: 0.3, variant: 'full', leaveRisk: null, features }, 'full-def');
  s = run(s, view(t0 + 40 * MIN));
  const record = toExport(takeOutbox(s, {}).taken[0], EXPORT_CONTEXT);
  assert.deepEqual(record.decisions, [
    { pageIndex: 2, trigger: 'pageview', offerId: 'free-shipping', arm: 'treatment' },
    { pageIndex: 1, trigger: 'exit-intent', offerId: 'free-shipping', arm: 'control' },
  ]);
  assert.deepEqual(record.scores, [
    { pageIndex: 2, probability: 0.2, variant: 'full', leaveRisk: 0.7, modelVersion: 'full-abc', features },
    { pageIndex: 2, probability: 0.3, variant: 'full', modelVersion: 'full-def', features },
  ]);
  assert.equal(record.modelVersion, 'full-def'); // the session's last model
});

test('a damaged decision list in storage exports what it can, never throws', () => {
  let s = run(undefined, view(t0));
  s = { ...s, session: { ...s.session!, decisions: [[1, 0, 0, 'a'], 'junk'] as never } };
  s = run(s, view(t0 + 40 * MIN));
  assert.deepEqual(toExport(takeOutbox(s, {}).taken[0], EXPORT_CONTEXT).decisions, [
    { pageIndex: 1, trigger: 'pageview', offerId: 'a', arm: 'treatment' },
  ]);
});
