import assert from 'node:assert/strict';
import { test } from 'node:test';
import { offersOf, validateConfig } from '../../src/policy/config';
import { armOf, decide, recordDecision, type PolicySettings } from '../../src/policy/policy';
import { addPageView, addPurchase } from '../../src/session/session';
import type { StoredState } from '../../src/session/types';
import { sequence } from '../helpers/records';

const DAY = 86_400_000;
const rules = { timeoutMs: 30 * 60_000, random: sequence() };
const t0 = new Date(2026, 10, 20, 10).getTime();
const session = (bucket = 0.5): StoredState => {
  const s = addPageView(undefined, { at: t0, type: 'product', campaign: '', stat: null }, rules);
  return { ...s, visitor: { ...s.visitor, bucket } };
};
const settings = (over: Partial<PolicySettings> = {}): PolicySettings => ({
  offers: offersOf({
    offers: [
      { id: 'free-shipping', below: 0.3, note: 'x' },
      { id: 'ten-percent', below: 0.12 },
    ],
  }),
  maxOffersPerSession: 1,
  cooldownDays: 0,
  holdout: 0,
  ...over,
});

test('the matching offer with the lowest threshold wins; extra fields pass through', () => {
  const d1 = decide(0.05, session(), settings(), t0);
  assert.equal(d1.action === 'offer' && d1.offer.id, 'ten-percent');
  const d2 = decide(0.2, session(), settings(), t0);
  assert.deepEqual(d2.action === 'offer' && d2.offer, { id: 'free-shipping', below: 0.3, note: 'x' });
  assert.equal(decide(0.3, session(), settings(), t0).action, 'none', 'below is strict');
});

test('threshold is shorthand for one offer', () => {
  assert.deepEqual(offersOf({ threshold: 0.2 }), [{ id: 'default', below: 0.2 }]);
  assert.deepEqual(offersOf({}), []);
});

test('the per-session cap counts offers and holdout decisions alike', () => {
  let s = session();
  const d = decide(0.1, s, settings(), t0);
  s = recordDecision(s, d, t0);
  assert.equal(decide(0.1, s, settings(), t0).action, 'none');
  assert.equal(decide(0.1, s, settings({ maxOffersPerSession: 2 }), t0).action, 'offer');
});

test('nothing after a purchase', () => {
  const s = addPurchase(session(), t0 + 1_000, rules);
  assert.deepEqual(decide(0.01, s, settings(), t0 + 2_000), { action: 'none', reason: 'purchased' });
});

test('the cooldown blocks offers in later sessions for the configured days', () => {
  let s = recordDecision(session(), decide(0.1, session(), settings(), t0), t0);
  s = addPageView(s, { at: t0 + DAY, type: 'product', campaign: '', stat: null }, rules); // next day: new session
  assert.equal(decide(0.1, s, settings({ cooldownDays: 2 }), t0 + DAY).action, 'none');
  assert.equal(decide(0.1, s, settings({ cooldownDays: 2 }), t0 + 2 * DAY + 1).action, 'offer');
  assert.equal(decide(0.1, s, settings({ cooldownDays: 0 }), t0 + DAY).action, 'offer');
});

test('holdout: a sticky bucket below the share is control, which gets holdout decisions, never offers', () => {
  const control = session(0.1);
  const treated = session(0.9);
  assert.equal(armOf(control, { holdout: 0.2 }), 'control');
  assert.equal(armOf(treated, { holdout: 0.2 }), 'treatment');
  assert.equal(armOf(treated, { holdout: 0.2, holdoutArm: 'control' }), 'control', 'the test option forces the arm');
  const d = decide(0.1, control, settings({ holdout: 0.2 }), t0);
  assert.equal(d.action, 'holdout');
  assert.equal(recordDecision(control, d, t0).session!.holdouts, 1);
  // Stickiness: the same stored bucket always gives the same arm.
  for (let i = 0; i < 5; i++) assert.equal(armOf(control, { holdout: 0.2 }), 'control');
});

test('config validation names each bad field and keeps only valid, copied values', () => {
  const { config, issues } = validateConfig({
    threshold: 1.5,
    minPageViews: 2.5,
    holdout: NaN,
    cooldownDays: 3,
    offers: [
      { id: 'ok', below: 0.2, html: '<b>x</b>' },
      { id: '', below: 0.1 },
      { id: 'neg', below: -1 },
    ],
    specialDays: [{ date: '12-25' }, { date: 'Christmas' }],
    unknown: 1,
  });
  assert.deepEqual(
    issues.map((i) => i.field),
    [
      'config.threshold',
      'config.minPageViews',
      'config.holdout',
      'config.offers[1].id',
      'config.offers[2].below',
      'config.specialDays[1].date',
    ],
  );
  assert.match(issues[0].message, /config\.threshold must be a number from 0 to 1, got 1\.5/);
  assert.deepEqual(config, {
    cooldownDays: 3,
    offers: [{ id: 'ok', below: 0.2, html: '<b>x</b>' }],
    specialDays: [{ date: '12-25' }],
  });
});

test('config from untrusted JSON cannot pollute prototypes', () => {
  const { config } = validateConfig(
    JSON.parse(
      '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "offers": [{"id": "a", "below": 0.1, "__proto__": {"polluted": true}}]}',
    ),
  );
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal((config.offers![0] as Record<string, unknown>).polluted, undefined);
  assert.equal(validateConfig(null).issues[0].message, 'config must be an object');
});

test('minLeaveRisk: no offer below it (the reason names both values), none without a leave-risk model, unchanged when unset', () => {
  const s = settings({ minLeaveRisk: 0.3 });
  assert.deepEqual(decide(0.05, session(), s, t0, 0.123), {
    action: 'none',
    reason: 'leave risk 0.123 is below minLeaveRisk 0.300',
  });
  assert.equal(decide(0.05, session(), s, t0, 0.3).action, 'offer', 'at least minLeaveRisk offers');
  assert.deepEqual(decide(0.05, session(), s, t0, null), {
    action: 'none',
    reason: 'minLeaveRisk is set but the model gives no leave risk (no leave-risk model)',
  });
  assert.equal(
    decide(0.05, session(), settings(), t0, null).action,
    'offer',
    'without minLeaveRisk, leave risk is not read',
  );
  assert.equal(
    decide(0.05, session(0.1), settings({ holdout: 0.2, minLeaveRisk: 0.5 }), t0, 0.2).action,
    'none',
    'control alike',
  );
});

test('recordDecision lists each decision with its page view, trigger, arm and offer (the last 20), for the uplift export', () => {
  const treated = session(0.9);
  let s = recordDecision(treated, decide(0.05, treated, settings(), t0), t0);
  const control = { ...s, visitor: { ...s.visitor, bucket: 0.1 } };
  const d = decide(0.2, control, settings({ holdout: 0.2, maxOffersPerSession: 5 }), t0);
  s = recordDecision(control, d, t0, { trigger: 'exit-intent', pageIndex: 7 });
  assert.deepEqual(s.session!.decisions, [
    [1, 0, 0, 'ten-percent'],
    [7, 1, 1, 'free-shipping'],
  ]);
  for (let i = 0; i < 30; i++) s = recordDecision(s, d, t0);
  assert.equal(s.session!.decisions!.length, 20);
  assert.equal(recordDecision(s, { action: 'none', reason: 'x' }, t0), s, 'a none decision records nothing');
});

test('config validation: trigger is "pageview" or "exit-intent", minLeaveRisk 0..1, exitIntent numbers within their ranges', () => {
  const ok = validateConfig({
    trigger: 'exit-intent',
    minLeaveRisk: 0.4,
    exitIntent: { sensitivity: 10, minSecondsOnPage: 0, scrollUpSpeed: 2, minScrollDepth: 300, idleAtTopSeconds: 0 },
  });
  assert.deepEqual(ok.issues, []);
  assert.deepEqual(ok.config, {
    trigger: 'exit-intent',
    minLeaveRisk: 0.4,
    exitIntent: { sensitivity: 10, minSecondsOnPage: 0, scrollUpSpeed: 2, minScrollDepth: 300, idleAtTopSeconds: 0 },
  });
  const bad = validateConfig({
    trigger: 'exit',
    minLeaveRisk: 2,
    exitIntent: { sensitivity: -1, minScrollDepth: 'x' },
  });
  assert.deepEqual(
    bad.issues.map((i) => i.field),
    ['config.minLeaveRisk', 'config.trigger', 'config.exitIntent.sensitivity', 'config.exitIntent.minScrollDepth'],
  );
  assert.match(bad.issues[1].message, /config\.trigger must be "pageview" or "exit-intent", got "exit"/);
  assert.deepEqual(bad.config, { exitIntent: {} });
  assert.deepEqual(
    validateConfig({ exitIntent: 5 }).issues.map((i) => i.message),
    ['config.exitIntent must be an object'],
  );
});

test('reset() semantics: once the store is cleared, the next page view starts a new session in which neither the cap nor the cooldown blocks', () => {
  const at = t0 + 60_000;
  let s = recordDecision(session(), decide(0.1, session(), settings(), t0), t0);
  const cooldown = settings({ cooldownDays: 2 });
  assert.equal(decide(0.1, s, cooldown, at).action, 'none', 'capped before the reset');
  s = addPageView(undefined, { at, type: 'product', campaign: '', stat: null }, rules); // what reset() leaves: nothing
  assert.equal(s.visitor.sessions, 1);
  assert.equal(decide(0.1, s, cooldown, at).action, 'offer');
});
