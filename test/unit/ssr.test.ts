import assert from 'node:assert/strict';
import { test } from 'node:test';

// `npm test` builds dist/ before the unit tests run.
test('importing the ESM build under Node touches no window or document, and every call is safe', async () => {
  assert.equal(typeof (globalThis as { window?: unknown }).window, 'undefined');
  // A computed specifier: the type-check runs before the build, when dist/ may not exist yet.
  const entry = '../../dist/index.js';
  const sdk = (await import(entry)) as typeof import('../../src/index');
  const tracker = sdk.initIntentTracker(() => {}, { threshold: 0.2 });
  tracker.trackPageView({ type: 'product' });
  tracker.recordPurchase();
  tracker.setConsent(true);
  assert.equal(await tracker.score(), null);
  assert.equal(await tracker.getSession(), null);
  assert.equal(await tracker.reset(), undefined);
  tracker.destroy();
  assert.deepEqual(
    sdk.validateConfig({ threshold: 2 }).issues.map((i: { field: string }) => i.field),
    ['config.threshold'],
  );
});
