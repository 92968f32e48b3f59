import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addPageView, addPurchase, revive, STATE_VERSION, type PageView } from '../../src/session/session';
import type { StoredState } from '../../src/session/types';
import { sequence } from '../helpers/records';

const MIN = 60_000;
const rules = { timeoutMs: 30 * MIN, random: sequence() };
const t0 = new Date(2026, 10, 20, 10, 0, 0).getTime(); // a local 10:00
const view = (at: number, type: PageView['type'] = 'product', extra: Partial<PageView> = {}): PageView => ({
  at,
  type,
  campaign: '',
  stat: null,
  ...extra,
});
const run = (...views: PageView[]) =>
  views.reduce<StoredState | undefined>((s, v) => addPageView(s, v, rules), undefined)!;

test('a page counts at once with duration 0; its duration is the time until the next view (Google Analytics)', () => {
  const one = run(view(t0, 'product'));
  assert.equal(one.session!.counts.product, 1);
  assert.equal(one.session!.durations.product, 0);
  const two = addPageView(one, view(t0 + 40_000, 'informational'), rules);
  assert.equal(two.session!.durations.product, 40_000);
  assert.equal(two.session!.durations.informational, 0, 'the page being viewed has no duration yet');
  assert.equal(two.session!.views, 2);
});

test('other pages count as views but in no model column', () => {
  const s = run(view(t0, 'other'), view(t0 + 5_000, 'administrative')).session!;
  assert.equal(s.views, 2);
  assert.equal(s.counts.other, 1);
  assert.equal(s.durations.other, 5_000);
});

test('30 minutes without activity end the session; the ended session keeps its last page at duration 0', () => {
  const before = run(view(t0), view(t0 + 10 * MIN));
  const after = addPageView(before, view(t0 + 10 * MIN + 30 * MIN + 1), rules);
  assert.notEqual(after.session!.id, before.session!.id);
  assert.equal(after.session!.views, 1);
  assert.equal(after.visitor.sessions, 2);
  const still = addPageView(before, view(t0 + 10 * MIN + 30 * MIN), rules);
  assert.equal(still.session!.id, before.session!.id, 'exactly 30 minutes is still the same session');
});

test('the session timeout is configurable', () => {
  const s = run(view(t0));
  assert.equal(addPageView(s, view(t0 + 6 * MIN), { ...rules, timeoutMs: 5 * MIN }).session!.views, 1);
});

test('local midnight ends the session', () => {
  const late = new Date(2026, 10, 20, 23, 55).getTime();
  const s = run(view(late));
  const next = addPageView(s, view(late + 10 * MIN), rules);
  assert.notEqual(next.session!.id, s.session!.id);
  assert.equal(next.session!.durations.product, 0);
});

test('a new campaign in the landing URL starts a new session; no campaign keeps the current one', () => {
  const s = run(view(t0, 'product', { campaign: 'a' }));
  assert.equal(addPageView(s, view(t0 + MIN, 'product', { campaign: '' }), rules).session!.id, s.session!.id);
  assert.equal(addPageView(s, view(t0 + MIN, 'product', { campaign: 'a' }), rules).session!.id, s.session!.id);
  assert.notEqual(addPageView(s, view(t0 + MIN, 'product', { campaign: 'b' }), rules).session!.id, s.session!.id);
});

test('the first session of a browser is a new visitor, later ones are returning', () => {
  const first = run(view(t0));
  assert.equal(first.session!.newVisitor, true);
  const second = addPageView(first, view(t0 + 2 * 60 * MIN), rules);
  assert.equal(second.session!.newVisitor, false);
});

test('page statistics are summed over the views that have them', () => {
  const s = run(
    view(t0, 'product', { stat: { bounceRate: 0.1, exitRate: 0.2, pageValue: 10 } }),
    view(t0 + 1_000, 'product', { stat: { bounceRate: 0.3, exitRate: 0.4, pageValue: 30 } }),
    view(t0 + 2_000, 'other'),
  ).session!;
  assert.equal(s.stats.n, 2);
  assert.ok(Math.abs(s.stats.bounce - 0.4) < 1e-12);
  assert.equal(s.stats.value, 40);
});

test('a clock that jumps backwards adds no negative duration and keeps the session', () => {
  const s = run(view(t0), view(t0 - 5 * MIN));
  assert.equal(s.session!.durations.product, 0);
  assert.equal(s.session!.views, 2);
});

test('a purchase marks the session; after the timeout it no longer applies', () => {
  const s = run(view(t0));
  assert.equal(addPurchase(s, t0 + MIN, rules).session!.purchased, true);
  assert.equal(addPurchase(s, t0 + 31 * MIN, rules).session!.purchased, false);
});

test('a corrupt or foreign stored record is discarded and the visitor starts afresh', () => {
  assert.equal(revive({ v: STATE_VERSION + 1, visitor: {}, session: null }), undefined);
  assert.equal(revive('garbage'), undefined);
  const good = run(view(t0));
  assert.deepEqual(revive(good), good);
  const broken = { ...good, session: { ...good.session!, counts: { product: 'x' } } };
  assert.equal(revive(broken), undefined);
  const restarted = addPageView(broken as unknown as StoredState, view(t0 + 1_000), rules);
  assert.equal(restarted.session!.views, 1);
});
