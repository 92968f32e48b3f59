import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normaliseOptions } from '../../src/options';
import { cross, runSandboxed, type Fn, type FakeWindow } from '../helpers/gtm-sandbox';
import { parseTests, runScenario } from '../helpers/gtm-scenarios';
import {
  allParameters,
  matchesUrlPattern,
  readPermissions,
  readTemplate,
  SECTIONS,
  type Parameter,
  type Permissions,
} from '../helpers/gtm-template';

// examples/gtm/template.tpl checked outside GTM: its structure, then a dry run of its sandboxed JS
// against fake sandbox APIs that enforce its own permissions (see examples/gtm/README.md for what
// this does not prove).
const sections = readTemplate();
const code = sections.get('___SANDBOXED_JS_FOR_WEB_TEMPLATE___')!;
const params = JSON.parse(sections.get('___TEMPLATE_PARAMETERS___')!) as Parameter[];
const permissions = readPermissions(sections.get('___WEB_PERMISSIONS___')!);
const SDK = 'https://shop.example/intent/intent-tracker.min.js';
/** The tag's fields as a marketer fills them in. */
const FIELDS = {
  sdkUrl: SDK,
  configUrl: '/intent-config.json',
  threshold: '0.3',
  spa: true,
  consent: 'google-consent-mode',
  eventName: 'intent_low',
  debug: false,
};

/** The SDK's load, as src/script.ts does it: replay each queued [arguments, stub] and mark loaded. */
function fakeSdk(inits: unknown[][]) {
  return (win: FakeWindow) => {
    const it = win.IntentTracker as { q?: [unknown[], Record<string, unknown>][] };
    const queued = it.q ?? [];
    const init = (...args: unknown[]) => (inits.push(args), { recordPurchase() {} });
    win.IntentTracker = { loaded: true, initIntentTracker: init };
    for (const [args, stub] of queued) Object.assign(stub, init(...Array.from(args)));
  };
}

/** A dry run that loads the SDK and returns what its replay received. */
async function loaded(fields: Record<string, unknown> = FIELDS) {
  const inits: unknown[][] = [];
  const run = runSandboxed(code, fields, { permissions, inject: 'load', onLoad: fakeSdk(inits) });
  await run.settled;
  return { run, inits };
}
const called = (run: { calls: { api: string }[] }, api: string) => run.calls.filter((c) => c.api === api).length;

test("the template has GTM's export sections in order, and its JSON sections parse", () => {
  assert.deepEqual([...sections.keys()], [...SECTIONS]);
  for (const name of ['___INFO___', '___TEMPLATE_PARAMETERS___', '___WEB_PERMISSIONS___'])
    assert.doesNotThrow(() => JSON.parse(sections.get(name)!), `${name} is not JSON`);
  const info = JSON.parse(sections.get('___INFO___')!);
  assert.equal(info.type, 'TAG');
  assert.deepEqual(info.containerContexts, ['WEB']);
});

test('every data.<field> the sandboxed JS reads is a template parameter (and the fields the brief lists exist)', () => {
  const names = new Set(allParameters(params).map((p) => p.name));
  const read = new Set([...code.matchAll(/\bdata\.(\w+)/g)].map((m) => m[1]));
  for (const gtm of ['gtmOnSuccess', 'gtmOnFailure']) read.delete(gtm);
  for (const field of read) assert.ok(names.has(field), `data.${field} has no parameter`);
  for (const field of ['sdkUrl', 'configUrl', 'threshold', 'spa', 'consent', 'debug'])
    assert.ok(read.has(field), `the JS never reads the ${field} field`);
});

test('every require()d API is one the harness fakes, and the permission it needs is declared', () => {
  const needs: Record<string, string | null> = {
    injectScript: 'inject_script',
    setInWindow: 'access_globals',
    copyFromWindow: 'access_globals',
    callInWindow: 'access_globals',
    createQueue: 'access_globals',
    logToConsole: 'logging',
    makeNumber: null,
  };
  const required = [...code.matchAll(/require\('(\w+)'\)/g)].map((m) => m[1]);
  assert.ok(required.includes('injectScript'));
  for (const api of required) {
    assert.ok(api in needs, `${api} is not an API this check knows`);
    if (needs[api]) assert.ok(permissions.ids.includes(needs[api]!), `${api} needs the ${needs[api]} permission`);
  }
});

test('every window key the JS names has the access its API needs in access_globals', () => {
  const access: Record<string, ('read' | 'write' | 'execute')[]> = {
    setInWindow: ['write'],
    copyFromWindow: ['read'],
    callInWindow: ['execute'],
    createQueue: ['read', 'write'],
  };
  const uses = [...code.matchAll(/\b(setInWindow|copyFromWindow|callInWindow|createQueue)\('([^']+)'/g)];
  assert.ok(uses.length >= 4);
  for (const [, api, key] of uses)
    for (const kind of access[api])
      assert.ok(permissions.globals.get(key)?.[kind], `${api}('${key}') needs ${kind} access to ${key}`);
});

test("inject_script allows one exact https URL, the SDK field's example, which the shop must replace with its own", () => {
  assert.deepEqual(permissions.injectUrls, [SDK]);
  const sdkField = params.find((p) => p.name === 'sdkUrl') as Parameter & { valueHint?: string };
  assert.equal(sdkField.valueHint, SDK);
});

test('URL patterns as the harness reads them: exact host, leading *. for subdomains, * in paths, https only', () => {
  assert.ok(matchesUrlPattern(SDK, SDK));
  assert.ok(!matchesUrlPattern(SDK, 'https://evil.example/intent/intent-tracker.min.js'));
  assert.ok(!matchesUrlPattern(SDK, 'http://shop.example/intent/intent-tracker.min.js'));
  assert.ok(!matchesUrlPattern(SDK, `${SDK}?v=2`));
  assert.ok(
    matchesUrlPattern('https://*.shop.example/intent/*', 'https://cdn.shop.example/intent/intent-tracker.min.js'),
  );
  assert.ok(!matchesUrlPattern('https://*.shop.example/intent/*', 'https://shop.example.evil/intent/x.js'));
  assert.ok(!matchesUrlPattern('https://*/intent-tracker.min.js', 'https://any.host/intent-tracker.min.js'));
});

test('dry run: one init call queued with the options built from the fields, the SDK URL injected, gtmOnSuccess after the load', async () => {
  const { run, inits } = await loaded();
  assert.equal(run.error, undefined);
  assert.deepEqual(run.injected, [SDK]);
  assert.equal(inits.length, 1);
  const [onLowIntent, options] = inits[0] as [Fn, Record<string, unknown>];
  assert.equal(typeof onLowIntent, 'function');
  const { onHoldout, ...plain } = options;
  assert.equal(typeof onHoldout, 'function');
  assert.deepEqual(plain, {
    spa: true,
    debug: false,
    configUrl: '/intent-config.json',
    threshold: 0.3,
    requireConsent: true,
    consentFrom: 'google-consent-mode',
  });
  assert.equal((run.window.IntentTracker as { loaded?: boolean }).loaded, true);
  assert.equal(called(run, 'gtmOnSuccess'), 1);
  assert.equal(called(run, 'gtmOnFailure'), 0);
});

test('gtmOnSuccess waits for the load: before the injection calls back, the tag has not succeeded', () => {
  const run = runSandboxed(code, FIELDS, { permissions, inject: 'load', onLoad: fakeSdk([]) });
  assert.equal(called(run, 'gtmOnSuccess'), 0);
  const queue = (run.window.IntentTracker as { q: unknown[] }).q;
  assert.equal(queue.length, 1, 'the init call waits in IntentTracker.q');
});

test('the replayed onLowIntent pushes the offer to the dataLayer as intent_low; onHoldout as intent_low_holdout', async () => {
  const { run, inits } = await loaded();
  const [onLowIntent, options] = inits[0] as [Fn, { onHoldout: Fn }];
  const event = { offer: { id: 'ten', below: 0.3, code: 'TEN' }, probability: 0.12, leaveRisk: null };
  onLowIntent({ ...event, trigger: 'pageview', pageViews: 3, arm: 'treatment', features: { secret: 1 } });
  options.onHoldout({ ...event, trigger: 'pageview', pageViews: 3, arm: 'control' });
  const layer = run.window.dataLayer as Record<string, unknown>[];
  assert.deepEqual(layer[0], {
    event: 'intent_low',
    intent_offer: { id: 'ten', below: 0.3, code: 'TEN' },
    intent_offer_id: 'ten',
    intent_probability: 0.12,
    intent_leave_risk: null,
    intent_trigger: 'pageview',
    intent_page_views: 3,
    intent_arm: 'treatment',
  });
  assert.equal(layer[1].event, 'intent_low_holdout');
  assert.equal(layer[1].intent_arm, 'control');
});

test('the options the fields build pass the SDK’s own option checks, consentFrom included', async () => {
  const { inits } = await loaded();
  const [onLowIntent, options] = inits[0];
  const issues: { field?: string }[] = [];
  const { options: kept } = normaliseOptions(onLowIntent, options, { assetBaseUrl: '/' }, (i) => issues.push(i));
  assert.deepEqual(
    issues.map((i) => i.field),
    [],
  );
  assert.equal(kept.consentFrom, 'google-consent-mode');
  assert.equal(kept.spa, true);
  assert.equal(
    kept.requireConsent,
    true,
    'consentFrom comes with requireConsent, so an older SDK without consentFrom still waits',
  );
  assert.equal(typeof kept.onHoldout, 'function');
});

test('the consent field: requireConsent sets requireConsent: true, tcf sets consentFrom: tcf with requireConsent (fail safe), none sets neither; empty fields set nothing', async () => {
  const optionsFor = async (fields: Record<string, unknown>) => {
    const { inits } = await loaded(fields);
    const { onHoldout: _h, ...plain } = inits[0][1] as Record<string, unknown>;
    return plain;
  };
  assert.deepEqual(await optionsFor({ sdkUrl: SDK, consent: 'requireConsent' }), {
    spa: false,
    debug: false,
    requireConsent: true,
  });
  assert.deepEqual(await optionsFor({ sdkUrl: SDK, consent: 'tcf' }), {
    spa: false,
    debug: false,
    requireConsent: true,
    consentFrom: 'tcf',
  });
  assert.deepEqual(await optionsFor({ sdkUrl: SDK, consent: 'none', configUrl: '', threshold: '' }), {
    spa: false,
    debug: false,
  });
});

test('debug adds an onError that logs through logToConsole', async () => {
  const { run, inits } = await loaded({ ...FIELDS, debug: true });
  const options = inits[0][1] as { onError: Fn; debug: boolean };
  assert.equal(options.debug, true);
  options.onError({ code: 'config', message: 'the config file answered HTTP 404' });
  assert.deepEqual(run.logs, [['[intent-tracker] config: the config file answered HTTP 404']]);
});

test('a failed injection calls gtmOnFailure and never gtmOnSuccess', async () => {
  const run = runSandboxed(code, FIELDS, { permissions, inject: 'fail' });
  await run.settled;
  assert.equal(called(run, 'gtmOnFailure'), 1);
  assert.equal(called(run, 'gtmOnSuccess'), 0);
});

test('an SDK URL outside the permitted pattern is refused: the code throws, nothing is injected, neither callback runs', async () => {
  const run = runSandboxed(
    code,
    { ...FIELDS, sdkUrl: 'https://cdn.other.example/intent-tracker.min.js' },
    {
      permissions,
      inject: 'load',
    },
  );
  await run.settled;
  assert.match(String(run.error?.message), /Prohibited script injection/);
  assert.deepEqual(run.injected, []);
  assert.equal(called(run, 'gtmOnSuccess') + called(run, 'gtmOnFailure'), 0);
});

test('without a permission the dry run fails: the checks are enforced, not decorative', () => {
  const globals = new Map(permissions.globals);
  globals.delete('IntentTracker.q');
  const narrowed: Permissions = { ...permissions, globals };
  const run = runSandboxed(code, FIELDS, { permissions: narrowed, inject: 'load' });
  assert.match(String(run.error?.message), /Prohibited read access to the global "IntentTracker.q"/);
  assert.deepEqual(run.injected, []);
});

test('the SDK already loaded: IntentTracker.initIntentTracker is called at once, nothing injected, gtmOnSuccess', () => {
  const inits: unknown[][] = [];
  const window: FakeWindow = {
    IntentTracker: { loaded: true, initIntentTracker: (...args: unknown[]) => void inits.push(args) },
  };
  const run = runSandboxed(code, FIELDS, { permissions, window, inject: 'load' });
  assert.equal(run.error, undefined);
  assert.deepEqual(run.injected, []);
  assert.equal(inits.length, 1);
  assert.equal((inits[0][1] as { threshold: number }).threshold, 0.3);
  assert.equal(called(run, 'gtmOnSuccess'), 1);
});

test("the page's own snippet, not loaded yet: its queue is kept and the template's call is appended to it", async () => {
  const pageEntry = [['page args'], { q: [] }];
  const window: FakeWindow = { IntentTracker: { q: [pageEntry], initIntentTracker: () => ({}) } };
  const inits: unknown[][] = [];
  const run = runSandboxed(code, FIELDS, { permissions, window, inject: 'load', onLoad: fakeSdk(inits) });
  await run.settled;
  assert.deepEqual(inits[0], ['page args']);
  assert.equal(inits.length, 2, 'both calls replayed (the SDK returns the first tracker to the second)');
});

test('values crossing the boundary are copies: the template cannot share an object with the page', () => {
  const original = { q: [] as unknown[] };
  const copy = cross(original) as typeof original;
  copy.q.push(1);
  assert.deepEqual(original.q, []);
});

const tests = parseTests(sections.get('___TESTS___')!);
test('the ___TESTS___ section has scenarios and a setup block', () => {
  assert.ok(tests.scenarios.length >= 3);
  assert.match(tests.setup, /const mockData/);
});
for (const scenario of tests.scenarios)
  test(`___TESTS___ scenario passes in the harness: ${scenario.name}`, () =>
    runScenario(code, tests.setup, scenario, permissions));

test('a ___TESTS___ scenario whose assertion is wrong fails in the harness', () => {
  const wrong = {
    name: 'wrong',
    code: "mock('injectScript', (u, ok) => ok());\nrunCode(mockData);\nassertApi('gtmOnSuccess').wasNotCalled();",
  };
  assert.throws(() => runScenario(code, tests.setup, wrong, permissions), /gtmOnSuccess was called/);
});
