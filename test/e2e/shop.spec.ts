import {
  browse,
  demoOptions,
  expect,
  nextDecision,
  offers,
  recordEvents,
  session,
  storedState,
  test,
} from './fixtures';

const SHOP = '/examples/shop/';
const MORNING = new Date(2026, 10, 20, 10, 0, 0);
type Page = import('@playwright/test').Page;

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
});

test('the demo shows a dismissible banner after three browsing pages (screenshot saved)', async ({
  page,
}, testInfo) => {
  await page.clock.install({ time: MORNING });
  await browse(page, ['index.html', 'category.html', 'product-headlamp.html']);
  const banner = page.locator('#offer-banner');
  await expect(banner).toBeVisible();
  await expect(banner.locator('strong')).toHaveText(/Free shipping today|10% off your first order/);
  await page.screenshot({ path: testInfo.outputPath('demo-banner.png') });
  await page.getByRole('button', { name: 'Dismiss offer' }).click();
  await expect(banner).toHaveCount(0);
});

test('a visitor in the holdout arm never gets the offer, but the decision is recorded', async ({ page }) => {
  await demoOptions(page, { holdoutArm: 'control' });
  await page.clock.install({ time: MORNING });
  const decision = await browse(page, ['index.html', 'about.html', 'shipping.html']);
  expect(decision.action).toBe('holdout');
  expect(await offers(page)).toEqual([]);
  await expect(page.locator('#offer-banner')).toHaveCount(0);
  const s = await session(page);
  expect(s).toMatchObject({ arm: 'control', holdoutDecisions: 1, offersShown: 0 });
});

test('one offer per session by default: later low-intent pages decide nothing', async ({ page }) => {
  await page.clock.install({ time: MORNING });
  expect((await browse(page, ['index.html', 'about.html', 'shipping.html'])).action).toBe('offer');
  const next = await browse(page, ['faq.html', 'category.html']);
  expect(next).toMatchObject({ action: 'none', reason: 'per-session cap reached' });
  expect((await session(page))!.offersShown).toBe(1);
});

test('QA: after an offer, reset() deletes the stored session, and three more pages bring an offer again', async ({
  page,
}) => {
  await page.clock.install({ time: MORNING });
  expect((await browse(page, ['index.html', 'about.html', 'shipping.html'])).action).toBe('offer');
  expect(await browse(page, ['faq.html'])).toMatchObject({ action: 'none', reason: 'per-session cap reached' });
  const before = (await session(page))!.sessionId;
  await page.evaluate(() => (window as unknown as { intentTracker: { reset(): Promise<void> } }).intentTracker.reset());
  expect(await storedState(page)).toBeNull();
  const again = await browse(page, ['index.html', 'about.html', 'shipping.html']);
  expect(again).toMatchObject({ action: 'offer', pageViews: 3 });
  const s = (await session(page))!;
  expect(s.sessionId).not.toBe(before);
  expect(s).toMatchObject({ offersShown: 1, visitorType: 'New_Visitor' });
});

test('a purchase stops offers for the rest of the session', async ({ page }) => {
  await page.clock.install({ time: MORNING });
  await browse(page, ['product-trail-runner.html', 'cart.html', 'checkout.html', 'thank-you.html']);
  const after = await browse(page, ['about.html', 'faq.html']);
  expect(after).toMatchObject({ action: 'none', reason: 'purchased' });
  expect((await session(page))!.purchased).toBe(true);
});

test('Global Privacy Control: nothing is stored and nothing fires', async ({ page }) => {
  await page
    .context()
    .addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  await page.clock.install({ time: MORNING });
  for (const p of ['index.html', 'about.html', 'shipping.html', 'faq.html']) {
    await page.goto(SHOP + p);
    expect(await session(page)).toBeNull();
  }
  expect(await storedState(page)).toBeNull();
  expect(await page.evaluate(() => indexedDB.databases().then((d) => d.map((x) => x.name)))).not.toContain(
    'intent-tracker',
  );
  expect(await offers(page)).toEqual([]);
});

test('consent required: nothing until setConsent(true), then the visit is tracked', async ({ page }) => {
  await demoOptions(page, { requireConsent: true });
  await page.clock.install({ time: MORNING });
  for (const p of ['index.html', 'about.html', 'shipping.html']) {
    await page.goto(SHOP + p);
    expect(await session(page)).toBeNull();
  }
  expect(await storedState(page)).toBeNull();
  await page.evaluate(() =>
    (window as unknown as { intentTracker: { setConsent(g: boolean): void } }).intentTracker.setConsent(true),
  );
  await nextDecision(page);
  expect((await session(page))!.pageViews).toBe(1);
  expect(await storedState(page)).not.toBeNull();
  await page.evaluate(() =>
    (window as unknown as { intentTracker: { setConsent(g: boolean): void } }).intentTracker.setConsent(false),
  );
  await expect.poll(() => storedState(page)).toBeNull();
});

test('two tabs of one browser share one session with exact counts', async ({ context }) => {
  await context.clock.install({ time: MORNING });
  const a = await context.newPage();
  const b = await context.newPage();
  const order: [Page, string][] = [
    [a, 'index.html'],
    [b, 'about.html'],
    [a, 'category.html'],
    [b, 'faq.html'],
    [a, 'product-headlamp.html'],
    [b, 'shipping.html'],
  ];
  for (const [tab, p] of order) {
    await tab.goto(SHOP + p);
    await expect.poll(async () => (await session(tab))?.pageViews).toBeGreaterThan(0);
  }
  const [sa, sb] = [await session(a), await session(b)];
  expect(sa!.sessionId).toBe(sb!.sessionId);
  expect(sa!.pageViews).toBe(6);
  expect(sa!.counts).toEqual({ administrative: 0, informational: 3, product: 2, other: 1 });
});

test('30 minutes without activity start a new session', async ({ page }) => {
  await page.clock.install({ time: MORNING });
  await browse(page, ['index.html', 'about.html']);
  const first = await session(page);
  await page.clock.fastForward('31:00');
  await browse(page, ['faq.html']);
  const second = await session(page);
  expect(second!.sessionId).not.toBe(first!.sessionId);
  expect(second!.pageViews).toBe(1);
  expect(second!.visitorType).toBe('Returning_Visitor');
});

test('local midnight starts a new session', async ({ page }) => {
  await page.clock.install({ time: new Date(2026, 10, 20, 23, 50, 0) });
  await browse(page, ['index.html', 'about.html'], 60);
  const before = await session(page);
  await page.clock.fastForward('15:00');
  await browse(page, ['faq.html']);
  const after = await session(page);
  expect(after!.sessionId).not.toBe(before!.sessionId);
  expect(after!.pageViews).toBe(1);
});

test('IndexedDB holds no URL, path, query string or campaign value', async ({ page }) => {
  await page.clock.install({ time: MORNING });
  await page.goto(`${SHOP}index.html?utm_source=newsletter&utm_campaign=spring&email=jane%40example.com#top`);
  await nextDecision(page);
  await browse(page, ['about.html?ref=partner', 'product-headlamp.html']);
  const raw = JSON.stringify(await storedState(page));
  expect(raw.length).toBeGreaterThan(50);
  for (const needle of [
    'http',
    'localhost',
    '/examples',
    '.html',
    '?',
    'utm',
    'newsletter',
    'spring',
    'jane',
    'example.com',
    'partner',
    'Northwind',
  ]) {
    expect(raw, `stored state contains ${needle}`).not.toContain(needle);
  }
});

test('including the script twice is harmless and a second init returns the first tracker', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.clock.install({ time: MORNING });
  await page.goto(`${SHOP}index.html`);
  await nextDecision(page);
  const same = await page.evaluate(async () => {
    await new Promise<void>((resolve) => {
      const s = document.createElement('script');
      s.src = '/dist/intent-tracker.min.js';
      s.onload = () => resolve();
      document.head.appendChild(s);
    });
    const w = window as unknown as { IntentTracker: { initIntentTracker(): unknown }; intentTracker: unknown };
    return w.IntentTracker.initIntentTracker() === (await w.intentTracker, w.IntentTracker.initIntentTracker());
  });
  expect(same).toBe(true);
  expect(warnings.some((w) => w.includes('initIntentTracker was called again'))).toBe(true);
  expect((await session(page))!.pageViews).toBe(1);
});

for (const [name, body, expected] of [
  [
    'an invalid value',
    '{"offers": [{"id": "x", "below": 5}], "minPageViews": 1}',
    /config\.offers\[0\]\.below must be a number from 0 to 1, got 5/,
  ],
  ['invalid JSON', '{"offers": [', /is not valid JSON/],
] as const) {
  test(`a config file with ${name} is reported through onError and no offer fires`, async ({ page }) => {
    await page.route('**/examples/shop/intent-config.json', (route) =>
      route.fulfill({ contentType: 'application/json', body }),
    );
    await page.clock.install({ time: MORNING });
    const decision = await browse(page, ['index.html', 'about.html', 'shipping.html']);
    expect(decision.action).toBe('none');
    expect(decision.reason).toMatch(
      /^the config file \/examples\/shop\/intent-config\.json (is invalid|is not valid JSON)/,
    );
    expect(await offers(page)).toEqual([]);
    const errors = await page.evaluate(() => (window as unknown as { intentErrors: string[] }).intentErrors);
    expect(errors.some((e) => expected.test(e))).toBe(true);
  });
}

test('a config file that sets threshold replaces the offers given in code', async ({ page }) => {
  await demoOptions(page, { offers: [{ id: 'from-code', below: 0.99 }], debug: false });
  await page.route('**/examples/shop/intent-config.json', (route) =>
    route.fulfill({ contentType: 'application/json', body: '{"threshold": 0.99}' }),
  );
  await page.clock.install({ time: MORNING });
  const decision = await browse(page, ['index.html', 'about.html', 'shipping.html']);
  expect(decision.action).toBe('offer');
  expect(decision.offer!.id).toBe('default');
});
