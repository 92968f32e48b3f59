import type { Page } from '@playwright/test';
import { expect, session, test } from '../e2e/fixtures';
import { CHROMIUM_LAUNCH } from '../helpers/chromium';
import { fault } from './helpers';

const pageViews = (page: Page) => session(page).then((s) => s?.pageViews as number | undefined);

/** Waits until the page has been restored `n` times; if it was loaded afresh instead, says why Chromium did not restore it. */
async function restoredTimes(page: Page, n: number): Promise<void> {
  try {
    await expect.poll(() => page.evaluate(() => Number(sessionStorage.restored ?? 0))).toBe(n);
  } catch {
    const why = await page.evaluate(() =>
      JSON.stringify(
        (performance.getEntriesByType('navigation')[0] as { notRestoredReasons?: unknown })?.notRestoredReasons,
      ),
    );
    throw new Error(`the page was not restored from the back/forward cache (restore ${n}); notRestoredReasons: ${why}`);
  }
}

// Playwright turns the back/forward cache off by default; this test needs the real one.
test.use({ launchOptions: { ...CHROMIUM_LAUNCH, ignoreDefaultArgs: ['--disable-back-forward-cache'] } });
test('a page restored from the back/forward cache counts as a page view', async ({ page }) => {
  fault('Page views', 'back, then forward, through the back/forward cache', 'each restore counts as a page view');
  await page.addInitScript(() => {
    addEventListener('pageshow', (e) => {
      if (e.persisted) sessionStorage.restored = Number(sessionStorage.restored || 0) + 1;
    });
  });
  // A page with a request in flight (the lazy chunks, the model) is not cached: on a busy machine the
  // test would leave before they finished and go back to a fresh load. Leave each page when it is idle.
  await page.goto('/examples/shop/index.html');
  await expect.poll(() => pageViews(page)).toBe(1);
  await page.waitForLoadState('networkidle');
  await page.goto('/examples/shop/about.html');
  await expect.poll(() => pageViews(page)).toBe(2);
  await page.waitForLoadState('networkidle');
  await page.goBack({ waitUntil: 'commit' });
  await restoredTimes(page, 1);
  await page.goForward({ waitUntil: 'commit' });
  await restoredTimes(page, 2);
  await expect.poll(() => pageViews(page)).toBe(4);
});
