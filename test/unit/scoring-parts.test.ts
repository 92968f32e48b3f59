// The scoring half's named steps, outside a browser: settings, gates, inputs, snapshot, export, visible time, notification.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createInputs } from '../../src/features/inputs';
import type { Reporter } from '../../src/lib/reporter';
import { REASONS, gateBeforeScoring } from '../../src/policy/gates';
import { announce, deliver } from '../../src/policy/notify';
import { loadConfig, mergeConfig, settingsOf } from '../../src/policy/settings';
import { exportEnded, type OutboxContext } from '../../src/session/outbox';
import { addPageView, addPurchase } from '../../src/session/session';
import { snapshotOf } from '../../src/session/snapshot';
import type { StateStore } from '../../src/session/store';
import type { StoredState } from '../../src/session/types';
import { watchVisibleTime } from '../../src/signals/visibility';
import type { IntentTrackerError, LowIntentEvent, SessionExport } from '../../src/types';
import { record, sequence } from '../helpers/records';

const MIN = 60_000;
const rules = { timeoutMs: 30 * MIN, random: sequence(7) };
const t0 = new Date(2026, 10, 20, 10).getTime();
const views = (n: number, state?: StoredState, from = t0) =>
  Array.from({ length: n }, (_, i) => i).reduce<StoredState | undefined>(
    (s, i) => addPageView(s, { at: from + i * MIN, type: 'product', campaign: '', stat: null }, rules),
    state,
  )!;
function recording(): Reporter & { errors: IntentTrackerError[]; logs: unknown[][] } {
  const errors: IntentTrackerError[] = [];
  const logs: unknown[][] = [];
  return { errors, logs, report: (e) => errors.push(e), log: (...a) => logs.push(a) };
}

test("settings: defaults, then code, then the file; the file's offers or threshold replace both of the code's", () => {
  assert.deepEqual(mergeConfig({ threshold: 0.2, minPageViews: 5 }, { offers: [{ id: 'a', below: 0.1 }] }), {
    minPageViews: 5,
    offers: [{ id: 'a', below: 0.1 }],
  });
  assert.deepEqual(mergeConfig({ offers: [{ id: 'a', below: 0.1 }] }, { threshold: 0.3 }), { threshold: 0.3 });
  assert.deepEqual(mergeConfig({ threshold: 0.2 }, { holdout: 0.1 }), { threshold: 0.2, holdout: 0.1 });
  const s = settingsOf({ threshold: 0.2, minPageViews: 1 }, '', 'control');
  assert.deepEqual(
    [s.minPageViews, s.maxOffersPerSession, s.cooldownDays, s.holdout, s.holdoutArm],
    [1, 1, 0, 0, 'control'],
  );
  assert.deepEqual(s.offers, [{ id: 'default', below: 0.2 }]);
  assert.deepEqual(
    settingsOf({ threshold: 0.2 }, 'the config file x', undefined).offers,
    [],
    'a bad config file blocks every offer',
  );
});

test("settings: an invalid or unreachable config file blocks offers, naming the file and the cause; no file keeps the code's keys", async (t) => {
  const r = recording();
  assert.deepEqual(await loadConfig(undefined, { threshold: 0.2 }, 100, r), {
    config: { threshold: 0.2 },
    blocked: '',
  });
  t.mock.method(globalThis, 'fetch', async (url: string) => {
    if (url === '/offline.json') throw new TypeError('Failed to fetch');
    return url === '/bad.json' ? new Response('{"threshold": 7, "holdout": 0.5}') : new Response('x', { status: 404 });
  });
  const bad = await loadConfig('/bad.json', { threshold: 0.2 }, 100, r);
  assert.deepEqual(bad, {
    config: { threshold: 0.2, holdout: 0.5 },
    blocked: 'the config file /bad.json is invalid (config.threshold); offers are off until it is fixed',
  });
  const missing =
    'the config file /down.json answered HTTP 404; offers are off until it loads (without a config file, leave out data-config and configUrl)';
  assert.deepEqual(await loadConfig('/down.json', {}, 100, r), { config: {}, blocked: missing });
  const offline = await loadConfig('/offline.json', {}, 100, r);
  assert.match(
    offline.blocked,
    /^the config file \/offline\.json could not be fetched \(Failed to fetch\); offers are off/,
  );
  assert.deepEqual(
    r.errors.map((e) => [e.code, e.field, e.message]),
    [
      ['config', 'config.threshold', '/bad.json: config.threshold must be a number from 0 to 1, got 7'],
      ['config', undefined, missing],
      ['config', undefined, offline.blocked],
    ],
  );
});

test('gates before scoring, in order: a blocked config file, engagement, no offer, purchased, cap', () => {
  const s = settingsOf({ threshold: 0.2 }, '', undefined);
  assert.equal(gateBeforeScoring(views(2).session!, s, t0 + 2 * MIN), REASONS.engagement);
  assert.equal(
    gateBeforeScoring(views(3).session!, { ...s, minSessionSeconds: 600 }, t0 + 3 * MIN),
    REASONS.engagement,
  );
  assert.equal(gateBeforeScoring(views(3).session!, { ...s, offers: [] }, t0 + 3 * MIN), REASONS.noOffer);
  // A blocked config file is the reason at every page view, named by its own message.
  const blocked = settingsOf(
    { threshold: 0.2 },
    'the config file /c.json answered HTTP 404; offers are off',
    undefined,
  );
  assert.equal(gateBeforeScoring(views(1).session!, blocked, t0 + MIN), blocked.blocked);
  assert.equal(gateBeforeScoring(views(3).session!, blocked, t0 + 3 * MIN), blocked.blocked);
  assert.equal(
    gateBeforeScoring(addPurchase(views(3), t0 + 3 * MIN, rules).session!, s, t0 + 3 * MIN),
    REASONS.purchased,
  );
  const capped = views(3);
  assert.equal(gateBeforeScoring({ ...capped.session!, holdouts: 1 }, s, t0 + 3 * MIN), REASONS.cap);
  assert.equal(gateBeforeScoring(capped.session!, s, t0 + 3 * MIN), '');
});

test("inputs: the record has the day of the config's special days and the visitor type of the storage", () => {
  let specialDays: { date: string }[] | undefined = undefined;
  let persistent = true;
  const inputs = createInputs(
    'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 Safari/537.36',
    () => specialDays,
    () => persistent,
  );
  assert.deepEqual(inputs.families, { browserFamily: 'Chrome', osFamily: 'Linux' });
  const s = views(2).session!;
  const day = new Date(2026, 11, 19, 12).getTime(); // a Saturday, 6 days before Dec 25
  assert.deepEqual(
    [inputs.recordOf(s, day).SpecialDay, inputs.recordOf(s, day).Weekend, inputs.recordOf(s, day).Month],
    [0, true, 'Dec'],
  );
  specialDays = [{ date: '12-25' }];
  persistent = false;
  const r = inputs.recordOf(s, day);
  assert.deepEqual([r.SpecialDay, r.VisitorType, r.trafficSource, r.browserFamily], [1, 'Other', 'direct', 'Chrome']);
});

test('snapshot: seconds per type, the arm and storage as given', () => {
  const s = views(3).session!;
  const snap = snapshotOf(s, record(), 'control', 'memory');
  assert.deepEqual(
    [snap.pageViews, snap.durations.product, snap.arm, snap.storage, snap.offersShown],
    [3, 120, 'control', 'memory', 0],
  );
  assert.deepEqual(snap.counts, { administrative: 0, informational: 0, product: 3, other: 0 });
});

test('export: an ended session is taken once, handed to onSessionEnd and beaconed; a refused beacon is reported', async () => {
  let stored: StoredState = views(1, views(2), t0 + 40 * MIN); // the third view starts a new session
  const store = {
    update: async (fn: (old: StoredState | undefined) => StoredState) => (stored = fn(stored)),
  } as unknown as StateStore;
  const got: SessionExport[] = [];
  const beacons: string[] = [];
  const r = recording();
  const ctx: OutboxContext = {
    store,
    reporter: r,
    isActive: () => true,
    armOf: () => 'treatment',
    inputs: createInputs(
      'Firefox/130.0',
      () => undefined,
      () => true,
    ),
    options: { onSessionEnd: (e) => got.push(e), collectUrl: '/collect' },
    send: (url) => (beacons.push(url), false),
  };
  await exportEnded(ctx, { product: 2000 });
  assert.deepEqual(
    got.map((e) => [e.features.ProductRelated, e.endReason, e.browserFamily, e.arm]),
    [[2, 'timeout', 'Firefox', 'treatment']],
  );
  assert.deepEqual(beacons, ['/collect']);
  assert.deepEqual(
    r.errors.map((e) => e.field),
    ['collectUrl'],
  );
  assert.equal(stored.session!.visible?.product, 2000);
  await exportEnded(ctx, {});
  assert.equal(got.length, 1, 'exported exactly once');
});

test("visible time: from navigation while visible, booked under the current page's type when hidden or left; nothing after stop", () => {
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const win = Object.assign(new EventTarget(), { document: doc, performance: { now: () => 500 } }) as unknown as Window;
  const booked: [string, number][] = [];
  let type = 'product';
  const stop = watchVisibleTime(
    win,
    () => type,
    (t, ms) => booked.push([t, ms]),
  );
  doc.visibilityState = 'hidden';
  doc.dispatchEvent(new Event('visibilitychange'));
  assert.equal(booked.length, 1);
  assert.equal(booked[0][0], 'product');
  assert.ok(booked[0][1] >= 500 && booked[0][1] < 5000, 'counts from navigation start');
  win.dispatchEvent(new Event('pagehide')); // hidden since: nothing more
  assert.equal(booked.length, 1);
  doc.visibilityState = 'visible';
  doc.dispatchEvent(new Event('visibilitychange'));
  type = 'informational';
  stop();
  win.dispatchEvent(new Event('pagehide'));
  assert.equal(booked.length, 1, 'stopped: no listener left');
});

test('notify: every decision is an event; treatment gets onLowIntent and the lowintent event, control onHoldout only; a throwing callback is reported', () => {
  const win = new EventTarget() as unknown as Window;
  const events: string[] = [];
  for (const name of ['intenttracker:decision', 'intenttracker:lowintent'])
    win.addEventListener(name, () => events.push(name));
  const r = recording();
  announce(win, r, { action: 'none', reason: REASONS.cap, pageViews: 4 });
  const event = { arm: 'treatment', probability: 0.1 } as LowIntentEvent;
  const calls: string[] = [];
  deliver(win, r, event, () => calls.push('low'), { onHoldout: () => calls.push('holdout') });
  deliver(win, r, { ...event, arm: 'control' }, () => calls.push('low'), {
    onHoldout: () => {
      throw new Error('boom');
    },
  });
  assert.deepEqual(calls, ['low']);
  assert.deepEqual(events, ['intenttracker:decision', 'intenttracker:lowintent']);
  assert.deepEqual(
    r.errors.map((e) => e.code),
    ['callback'],
  );
  assert.match(r.errors[0].message, /the onHoldout callback failed: Error: boom/);
});
