// The always-loaded core's named steps, outside a browser: options, the reporter, the queue, page statistics.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createQueue } from '../../src/lib/queue';
import { createReporter, type Reporter } from '../../src/lib/reporter';
import { normaliseOptions } from '../../src/options';
import { loadPageStats } from '../../src/signals/page-stats';
import type { IntentTrackerError } from '../../src/types';

/** A reporter that keeps what it was told. */
function recording(): Reporter & { errors: IntentTrackerError[] } {
  const errors: IntentTrackerError[] = [];
  return { errors, report: (e) => errors.push(e), log: () => {} };
}

const env = { assetBaseUrl: 'https://cdn.example/sdk/', configUrl: '/intent-config.json' };

test('options: well-typed options are kept, every bad one is reported by field and dropped', () => {
  const r = recording();
  const { options, config } = normaliseOptions(
    42,
    {
      spa: 'yes',
      debug: true,
      holdoutArm: 'both',
      requestTimeoutMs: -1,
      colour: 'red',
      threshold: 0.2,
      minPageViews: 1.5,
    },
    env,
    r.report,
  );
  assert.deepEqual(options, { debug: true, configUrl: '/intent-config.json' });
  assert.deepEqual(config, { threshold: 0.2 });
  assert.deepEqual(
    r.errors.map((e) => [e.code, e.field]),
    [
      ['argument', 'onLowIntent'],
      ['option', 'spa'],
      ['option', 'holdoutArm'],
      ['option', 'requestTimeoutMs'],
      ['option', 'colour'],
      ['option', 'options.minPageViews'],
    ],
  );
  assert.equal(r.errors[2].message, 'options.holdoutArm must be "treatment" or "control"');
  assert.equal(r.errors[3].message, 'options.requestTimeoutMs must be a number above 0');
});

test("options: a non-object is reported and read as none; the page's config file is the default, options.configUrl replaces it", () => {
  const r = recording();
  assert.deepEqual(normaliseOptions(undefined, 0.2, env, r.report).options, { configUrl: '/intent-config.json' });
  assert.deepEqual(
    r.errors.map((e) => e.field),
    ['options'],
  );
  assert.equal(
    normaliseOptions(undefined, { configUrl: '/other.json' }, env, r.report).options.configUrl,
    '/other.json',
  );
  const own = normaliseOptions(undefined, { constructor: 1 }, env, r.report).options;
  assert.equal(
    Object.prototype.hasOwnProperty.call(own, 'constructor'),
    false,
    'no key of Object.prototype is an option',
  );
});

test('options: page type rules name known types and hold strings or RegExps', () => {
  const r = recording();
  const ok = normaliseOptions(undefined, { pageTypes: { product: ['/p/*', /^\/item/] } }, env, r.report);
  assert.equal(ok.options.pageTypes?.product?.length, 2);
  normaliseOptions(undefined, { pageTypes: { checkout: ['/cart'] } }, env, r.report);
  normaliseOptions(undefined, { pageTypes: { product: [1] } }, env, r.report);
  assert.deepEqual(
    r.errors.map((e) => e.field),
    ['pageTypes', 'pageTypes'],
  );
});

test('reporter: each message once; a throwing onError never escapes; debug goes to the console', (t) => {
  const seen: string[] = [];
  const warn = t.mock.method(console, 'warn', () => {});
  const info = t.mock.method(console, 'info', () => {});
  const quiet = createReporter(false, (e: IntentTrackerError) => seen.push(e.message));
  quiet.report({ code: 'model', message: 'a' });
  quiet.report({ code: 'model', message: 'a' });
  quiet.report({ code: 'model', message: 'b' });
  quiet.log('not shown');
  assert.deepEqual(seen, ['a', 'b']);
  assert.equal(warn.mock.callCount() + info.mock.callCount(), 0);
  const loud = createReporter(true, () => {
    throw new Error('shop bug');
  });
  assert.doesNotThrow(() => loud.report({ code: 'config', message: 'c' }));
  loud.log('shown');
  assert.deepEqual(
    warn.mock.calls.map((c) => c.arguments),
    [['[intent-tracker]', 'c']],
  );
  assert.deepEqual(
    info.mock.calls.map((c) => c.arguments),
    [['[intent-tracker]', 'shown']],
  );
});

test('queue: operations run one after another, and a failure rejects only its own', async () => {
  const queue = createQueue();
  const order: string[] = [];
  const slow = queue(async () => {
    await new Promise((r) => setTimeout(r, 20));
    order.push('slow');
  });
  const failing = queue(async () => {
    order.push('fail');
    throw new Error('x');
  });
  const fast = queue(async () => {
    order.push('fast');
    return 3;
  });
  await slow;
  await assert.rejects(failing, /x/);
  assert.equal(await fast, 3);
  assert.deepEqual(order, ['slow', 'fail', 'fast']);
});

test('page statistics: inline ones are validated (bad entries reported), none gives null, an unreachable URL gives null and a report', async (t) => {
  const r = recording();
  assert.equal(await loadPageStats(undefined, 100, r.report), null);
  const stats = await loadPageStats(
    { '/a': { bounceRate: 0.1, exitRate: 0.2, pageValue: 3 }, '/b': { bounceRate: 2, exitRate: 0, pageValue: 0 } },
    100,
    r.report,
  );
  assert.deepEqual(Object.keys(stats!), ['/a']);
  t.mock.method(globalThis, 'fetch', async () => new Response('nope', { status: 404 }));
  assert.equal(await loadPageStats('/page-stats.json', 100, r.report), null);
  assert.deepEqual(
    r.errors.map((e) => e.code),
    ['page-stats', 'page-stats'],
  );
  assert.match(
    r.errors[1].message,
    /page statistics could not be loaded \(\/page-stats\.json answered HTTP 404\); scoring with the behavioral model/,
  );
});
