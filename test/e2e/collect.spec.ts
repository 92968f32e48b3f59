import type { Page } from '@playwright/test';
import { browse, demoOptions, expect, nextDecision, recordEvents, test } from './fixtures';

const MORNING = new Date(2026, 10, 20, 10, 0, 0);

/** Collects what the SDK posts to the shop's (local, intercepted) collect endpoint. */
async function collector(page: Page): Promise<Record<string, any>[]> {
  const records: Record<string, any>[] = [];
  await page.context().route('**/collect', async (route) => {
    records.push(JSON.parse(route.request().postData() ?? 'null'));
    await route.fulfill({ status: 204 });
  });
  return records;
}

test('a visit ending in a purchase produces exactly one record, with Revenue, at collectUrl', async ({ page }) => {
  const records = await collector(page);
  await recordEvents(page);
  await demoOptions(page, { collectUrl: '/collect', debug: false });
  await page.clock.install({ time: MORNING });
  await browse(page, ['index.html', 'product-trail-runner.html', 'cart.html', 'checkout.html', 'thank-you.html']);
  expect(records).toEqual([]); // the session has not ended yet
  await page.clock.fastForward('31:00');
  await browse(page, ['about.html', 'faq.html']); // a new session: the previous one is exported
  await expect.poll(() => records.length).toBe(1);
  const r = records[0];
  expect(r).toMatchObject({
    schemaVersion: 1,
    Revenue: true,
    hasPageStats: true,
    arm: 'treatment',
    trafficSource: 'direct',
    endReason: 'timeout',
    browserFamily: 'Chrome',
    osFamily: 'Linux',
    day: '2026-11-20',
  });
  expect(r.features).toMatchObject({ ProductRelated: 3, Month: 'Nov', VisitorType: 'New_Visitor' });
  expect(r.features.PageValues).toBeGreaterThan(0);
  // Scored after views 3 and 4; the thank-you page (5) is not scored: the purchase is already recorded.
  expect(r.scores.map((s: { pageIndex: number }) => s.pageIndex)).toEqual([3, 4]);
  expect(r.modelVersion).toMatch(/^full-[0-9a-f]{12}$/);
  expect(r.offers).toEqual([]);
  expect(r.visibleSeconds.product).toBeGreaterThan(0);
  const raw = JSON.stringify(r);
  for (const needle of ['http', '.html', '/examples', 'localhost']) expect(raw).not.toContain(needle);
  await page.clock.fastForward(5_000);
  await page.goto('/examples/shop/shipping.html');
  await nextDecision(page);
  expect(records).toHaveLength(1); // flushed once
});

test('a visit under Global Privacy Control produces no record', async ({ page }) => {
  const records = await collector(page);
  await page
    .context()
    .addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  await demoOptions(page, { collectUrl: '/collect', debug: false });
  await page.clock.install({ time: MORNING });
  for (const p of ['index.html', 'cart.html', 'checkout.html', 'thank-you.html'])
    await page.goto(`/examples/shop/${p}`);
  await page.clock.fastForward('31:00');
  for (const p of ['about.html', 'faq.html']) await page.goto(`/examples/shop/${p}`);
  await page.waitForTimeout(500);
  expect(records).toEqual([]);
});
