import type { Page } from '@playwright/test';
import { demoOptions, expect, nextDecision, readmeSnippet, recordEvents, session, test } from '../e2e/fixtures';
import { denyIndexedDB, errors, fault } from './helpers';

const VIEWS = 'Page views';

/** A product page whose head holds `head` after the page-type tag. */
const productPage = (head: string) =>
  `<!doctype html><html><head><meta name="intent-page-type" content="product">${head}</head><body><h1>page</h1><p>${'text '.repeat(2000)}</p></body></html>`;

/** The script-tag build and a tracker started with `options` (as JSON), synchronously. */
const scriptTag = (options: Record<string, unknown>) =>
  `<script src="/dist/intent-tracker.min.js"></script>
<script>window.intentTracker = IntentTracker.initIntentTracker(undefined, ${JSON.stringify(options)});</script>`;

/** When a test page leaves for the next one: as soon as it can, or when it has loaded. */
type Leave = 'DOMContentLoaded' | 'load';

/**
 * Serves /faults/run/<n>.html: a product page that includes the SDK (by a synchronous script tag, or
 * by the README's async snippet) and, unless it is the last, goes on to page n+1 at `leave`. Each
 * page notes in sessionStorage whether the SDK's script had run when it was left.
 */
async function pageChain(page: Page, last: number, leave: Leave, include: 'script' | 'snippet'): Promise<void> {
  const sdk =
    include === 'script'
      ? scriptTag({ minPageViews: 1000000 })
      : `${readmeSnippet().split('window.intentTracker')[0]}</script>
<script>window.intentTracker = IntentTracker.initIntentTracker(undefined, { minPageViews: 1000000 });</script>`;
  await page.route('**/faults/run/*.html', (route) => {
    const n = Number(/(\d+)\.html/.exec(route.request().url())![1]);
    const go =
      n < last
        ? `<script>
addEventListener('pagehide', function () {
  sessionStorage.ran = Number(sessionStorage.ran || 0) + (window.IntentTracker && IntentTracker.loaded ? 1 : 0);
});
${leave === 'load' ? 'addEventListener' : 'document.addEventListener'}('${leave}', function () { location.href = '${n + 1}.html'; });
</script>`
        : '';
    return route.fulfill({ contentType: 'text/html', body: productPage(sdk + go) });
  });
}

/** The session's page views as the tracker on the current page reports them, once it has settled. */
const pageViews = (page: Page) => session(page).then((s) => s?.pageViews as number | undefined);

for (const leave of ['DOMContentLoaded', 'load'] as const) {
  for (const throttle of [1, 4]) {
    const how = `leaving each page at ${leave}${throttle > 1 ? ` under ${throttle}x CPU throttling` : ''}`;
    test(`fast navigation: 10 of 10 views counted ${how}, script tag`, async ({ page }) => {
      fault(VIEWS, `10 page views, ${how} (synchronous script tag)`, 'every view counted: 10 of 10');
      if (throttle > 1) {
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
      }
      await pageChain(page, 10, leave, 'script');
      await page.goto('/faults/run/1.html');
      await page.waitForURL('**/run/10.html', { timeout: 50_000 });
      await expect.poll(() => pageViews(page), { timeout: 20_000 }).toBe(10);
    });
  }
  test(`fast navigation: every view whose script ran is counted, leaving at ${leave}, async snippet`, async ({
    page,
  }) => {
    fault(
      VIEWS,
      `10 page views, leaving each page at ${leave} (the README's async snippet)`,
      'every view whose SDK script ran before the page was left is counted',
    );
    await pageChain(page, 10, leave, 'snippet');
    await page.goto('/faults/run/1.html');
    await page.waitForURL('**/run/10.html', { timeout: 50_000 });
    const ran = Number(await page.evaluate(() => sessionStorage.ran ?? 0));
    await expect.poll(() => pageViews(page), { timeout: 20_000 }).toBe(ran + 1);
  });
}

test('storage: IndexedDB throws but localStorage works: one session across page loads, offers work', async ({
  page,
}) => {
  fault(
    'Storage',
    'IndexedDB throws on open (Firefox private mode before 115, some policies) while localStorage works',
    'the session persists in localStorage: 5 page loads = one session of 5 views, scored; one storage error',
  );
  await recordEvents(page);
  await demoOptions(page, { debug: false });
  await page.context().addInitScript(denyIndexedDB);
  const decisions = [];
  for (const p of ['index.html', 'category.html', 'product-headlamp.html', 'about.html', 'faq.html']) {
    await page.goto(`/examples/shop/${p}`);
    decisions.push(await nextDecision(page));
  }
  expect(await session(page)).toMatchObject({ pageViews: 5, storage: 'localstorage', visitorType: 'New_Visitor' });
  expect(decisions.map((d) => d.pageViews)).toEqual([1, 2, 3, 4, 5]);
  expect(typeof decisions[2].probability, 'scored from page view 3 (the config says minPageViews 3)').toBe('number');
  expect(await errors(page)).toEqual([
    expect.stringMatching(/IndexedDB is unavailable \(SecurityError\).*localStorage/),
  ]);
});

test('prerender: nothing counted or fired until the page is activated, then one view and its decision', async ({
  page,
}) => {
  fault(
    VIEWS,
    'a page prerendered by Speculation Rules (document.prerendering driven by the test: Chromium will not prerender under DevTools)',
    'nothing stored, counted or fired while prerendering; on activation the view counts once and the decision follows',
  );
  await recordEvents(page);
  await demoOptions(page, { debug: false, minPageViews: 1, threshold: 1 });
  await page.context().addInitScript(() => {
    let prerendering = true;
    Object.defineProperty(Document.prototype, 'prerendering', { get: () => prerendering, configurable: true });
    (window as unknown as { activate(): void }).activate = () => {
      prerendering = false;
      document.dispatchEvent(new Event('prerenderingchange'));
    };
  });
  await page.goto('/examples/shop/index.html');
  await page.waitForTimeout(4000); // past the idle timeout (3 s) at which the scoring half loads
  const seen = () =>
    page.evaluate(async () => ({
      events: (window as unknown as { __intent: unknown[] }).__intent.length,
      stored: Object.keys(localStorage).filter((k) => k.startsWith('intent-tracker')).length,
      databases: (await indexedDB.databases()).filter((x) => x.name === 'intent-tracker').length,
    }));
  expect(await seen()).toEqual({ events: 0, stored: 0, databases: 0 });
  await page.evaluate(() => (window as unknown as { activate(): void }).activate());
  await expect.poll(() => pageViews(page)).toBe(1);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __intent: unknown[] }).__intent.length))
    .toBeGreaterThan(0);
  expect(await pageViews(page)).toBe(1);
});

test('SPA: a route change of the query alone counts; the same URL or a new hash does not', async ({ page }) => {
  fault(
    VIEWS,
    'an SPA route change that only changes the query (?page=2), replaceState to the same URL, a hash change',
    'the query change counts (as Universal Analytics and GA4 count path with query); the others count nothing',
  );
  await page.route('**/faults/spa.html*', (route) =>
    route.fulfill({ contentType: 'text/html', body: productPage(scriptTag({ spa: true, minPageViews: 1000000 })) }),
  );
  await page.goto('/faults/spa.html');
  await expect.poll(() => pageViews(page)).toBe(1);
  await page.evaluate(() => history.pushState({}, '', '?page=2'));
  await expect.poll(() => pageViews(page)).toBe(2);
  await page.evaluate(() => history.replaceState({}, '', location.href));
  await page.evaluate(() => history.pushState({}, '', '#reviews'));
  await page.evaluate(() => (location.hash = 'specs'));
  await page.waitForTimeout(500);
  expect(await pageViews(page)).toBe(2);
});

test('traffic source: a visitor who leaves the landing page at once keeps its source', async ({ page }) => {
  fault(
    VIEWS,
    'the visitor lands from a search engine and leaves the landing page at DOMContentLoaded',
    "the session's traffic source is search, read on the landing page",
  );
  await page.route('**/faults/land*.html', (route) => {
    const leave = route.request().url().includes('land1')
      ? "<script>document.addEventListener('DOMContentLoaded', function () { location.href = 'land2.html'; });</script>"
      : '';
    return route.fulfill({ contentType: 'text/html', body: productPage(scriptTag({ minPageViews: 1000000 }) + leave) });
  });
  await page.goto('/faults/land1.html', { referer: 'https://www.google.com/' });
  await page.waitForURL('**/land2.html');
  await expect.poll(() => pageViews(page), { timeout: 20_000 }).toBe(2);
  expect((await session(page))?.features.trafficSource).toBe('search');
});
