import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modeGranted, readCommands, type ModeState } from '../../src/consent/consent-mode';
import { tcfGranted } from '../../src/consent/tcf';
import { watchConsent } from '../../src/consent/watch';
import type { IntentTrackerError } from '../../src/types';

const P = [1, 5, 6];
const consents = (...ids: number[]) => Object.fromEntries(ids.map((i) => [i, true]));
const tc = (eventStatus: string, extra: Record<string, unknown> = {}) => ({ eventStatus, gdprApplies: true, ...extra });

test('TCF: only tcloaded and useractioncomplete are answers; cmpuishown and junk are not', () => {
  const all = { purpose: { consents: consents(1, 5, 6) } };
  assert.equal(tcfGranted(tc('cmpuishown', all), P), undefined);
  assert.equal(tcfGranted(tc('tcloaded', all), P), true);
  assert.equal(tcfGranted(tc('useractioncomplete', all), P), true);
  for (const junk of [null, undefined, 42, 'x', {}]) assert.equal(tcfGranted(junk, P), undefined);
});

test('TCF: GDPR not applying grants; otherwise every required purpose must be consented', () => {
  assert.equal(tcfGranted(tc('tcloaded', { gdprApplies: false }), P), true);
  assert.equal(tcfGranted(tc('tcloaded', { purpose: { consents: consents(1, 5) } }), P), false);
  assert.equal(tcfGranted(tc('tcloaded', {}), P), false);
  assert.equal(tcfGranted(tc('tcloaded', { purpose: { consents: { 1: 'yes', 5: true, 6: true } } }), P), false);
  assert.equal(tcfGranted(tc('tcloaded', { purpose: { consents: consents(1) } }), [1]), true);
});

test("TCF: the publisher's own purpose consents count as well as the purpose consents", () => {
  assert.equal(tcfGranted(tc('useractioncomplete', { publisher: { consents: consents(1, 5, 6) } }), P), true);
  const mixed = { publisher: { consents: consents(5, 6) }, purpose: { consents: consents(1) } };
  assert.equal(tcfGranted(tc('useractioncomplete', mixed), P), true);
});

const fold = (entries: unknown[], types = ['analytics_storage']) => {
  const state: ModeState = { defaults: {}, updates: {} };
  readCommands(state, entries);
  return modeGranted(state, types);
};
/** What gtag pushes: its `arguments` object. */
function gtag(..._args: unknown[]): IArguments {
  // eslint-disable-next-line prefer-rest-params
  return arguments;
}

test('Consent Mode: default then update, read from gtag arguments objects and plain arrays', () => {
  assert.equal(fold([]), undefined);
  assert.equal(fold([gtag('consent', 'default', { analytics_storage: 'denied' })]), false);
  assert.equal(
    fold([
      gtag('consent', 'default', { analytics_storage: 'denied' }),
      gtag('consent', 'update', { analytics_storage: 'granted' }),
    ]),
    true,
  );
  assert.equal(fold([['consent', 'default', { analytics_storage: 'granted' }]]), true);
  // Withdrawal: a later update denies.
  assert.equal(
    fold([
      gtag('consent', 'update', { analytics_storage: 'granted' }),
      gtag('consent', 'update', { analytics_storage: 'denied' }),
    ]),
    false,
  );
});

test('Consent Mode: an update wins over a later default; other types and other commands do not count', () => {
  assert.equal(
    fold([
      gtag('consent', 'update', { analytics_storage: 'granted' }),
      gtag('consent', 'default', { analytics_storage: 'denied' }),
    ]),
    true,
  );
  assert.equal(fold([gtag('consent', 'default', { ad_storage: 'granted' })]), undefined);
  assert.equal(
    fold([gtag('config', 'G-1', { analytics_storage: 'granted' }), { event: 'gtm.js' }, null, 7]),
    undefined,
  );
  assert.equal(fold([gtag('consent', 'update', { analytics_storage: 'maybe' })]), undefined);
});

test('Consent Mode: every required type must be granted; a missing one keeps it from granting', () => {
  const types = ['analytics_storage', 'personalization_storage'];
  assert.equal(fold([gtag('consent', 'update', { analytics_storage: 'granted' })], types), false);
  assert.equal(
    fold([gtag('consent', 'update', { analytics_storage: 'granted', personalization_storage: 'granted' })], types),
    true,
  );
});

test('Consent Mode: a region-specific default only counts when it denies (the visitor region is unknown)', () => {
  assert.equal(fold([gtag('consent', 'default', { analytics_storage: 'granted', region: ['US'] })]), undefined);
  assert.equal(
    fold([
      gtag('consent', 'default', { analytics_storage: 'granted' }),
      gtag('consent', 'default', { analytics_storage: 'denied', region: ['FR'] }),
    ]),
    false,
  );
});

/** A fake window with a TCF CMP driven by the test, and the reports and answers it produced. */
function tcfPage(api: (cmd: string, v: number, cb: (d: unknown, ok: boolean) => void, arg?: unknown) => void) {
  const reports: IntentTrackerError[] = [];
  const answers: [boolean, string][] = [];
  const win = { __tcfapi: api } as unknown as Window;
  const stop = watchConsent(
    win,
    'tcf',
    undefined,
    50,
    (g, s) => answers.push([g, s]),
    (e) => reports.push(e),
  );
  return { reports, answers, stop };
}

test('TCF adapter: answers once per change though the CMP calls back twice, and removes its listener on stop', () => {
  const calls: unknown[][] = [];
  const granted = tc('tcloaded', { listenerId: 7, purpose: { consents: consents(1, 5, 6) } });
  const { answers, stop } = tcfPage((cmd, v, cb, arg) => {
    calls.push([cmd, v, arg]);
    if (cmd === 'addEventListener') {
      cb(tc('cmpuishown'), true);
      cb(granted, true);
      cb(granted, true);
      cb({ ...granted, eventStatus: 'useractioncomplete', purpose: { consents: consents(1) } }, true);
      cb(granted, false); // success false: ignored
    }
  });
  assert.deepEqual(answers, [
    [true, 'IAB TCF (tcloaded)'],
    [false, 'IAB TCF (useractioncomplete)'],
  ]);
  stop();
  assert.deepEqual(calls, [
    ['addEventListener', 2, undefined],
    ['removeEventListener', 2, 7],
  ]);
});

test('TCF adapter: a throwing __tcfapi is reported with its cause, and the CMP never answering is reported after the timeout', async () => {
  const { reports, answers, stop } = tcfPage(() => {
    throw new Error('cmp broke');
  });
  assert.equal(answers.length, 0);
  assert.match(reports[0].message, /__tcfapi\('addEventListener'\) threw: Error: cmp broke/);
  assert.equal(reports[0].code, 'consent');
  await new Promise((r) => setTimeout(r, 80));
  assert.match(reports[1].message, /no answer from window.__tcfapi within 50 ms/);
  stop();
});

test('bad consentFrom or consentRequires values are reported as option errors', () => {
  const reports: IntentTrackerError[] = [];
  const win = {} as Window;
  watchConsent(
    win,
    'onetrust' as 'tcf',
    undefined,
    10,
    () => {},
    (e) => reports.push(e),
  )();
  watchConsent(
    win,
    'tcf',
    ['1'],
    10,
    () => {},
    (e) => reports.push(e),
  )();
  watchConsent(
    win,
    'google-consent-mode',
    [],
    10,
    () => {},
    (e) => reports.push(e),
  )();
  assert.deepEqual(
    reports.map((r) => [r.code, r.field]),
    [
      ['option', 'consentFrom'],
      ['option', 'consentRequires'],
      ['option', 'consentRequires'],
    ],
  );
  assert.match(reports[1].message, /using \[1,5,6\]/);
});

test('Consent Mode adapter: reads entries already there, then pushes through any earlier wrapper, and unwraps on stop', () => {
  const seenByEarlier: unknown[] = [];
  const dataLayer: unknown[] = [gtag('consent', 'default', { analytics_storage: 'denied' })];
  const original = dataLayer.push;
  const earlier = function (this: unknown[], ...items: unknown[]) {
    seenByEarlier.push(...items);
    return original.apply(this, items);
  };
  dataLayer.push = earlier;
  const answers: boolean[] = [];
  const stop = watchConsent(
    { dataLayer } as unknown as Window,
    'google-consent-mode',
    undefined,
    50,
    (g) => answers.push(g),
    () => {},
  );
  assert.deepEqual(answers, [false]);
  assert.equal(dataLayer.push(gtag('consent', 'update', { analytics_storage: 'granted' })), 2);
  assert.equal(seenByEarlier.length, 1);
  dataLayer.push(gtag('consent', 'update', { analytics_storage: 'denied' }));
  assert.deepEqual(answers, [false, true, false]);
  stop();
  assert.equal(dataLayer.push, earlier);
});
