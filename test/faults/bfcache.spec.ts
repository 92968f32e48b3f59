import type { Page } from '@playwright/test';
import { expect, session, test } from '../e2e/fixtures';
import { CHROMIUM_LAUNCH } from '../helpers/chromium';
import { fault } from './helpers';

const pageViews = (page: Page) => session(page).then((s) => s?.pageViews as number | undefined);

// Playwright turns the back/forward cache off by default; this test needs the real one.
test.use({ launchOptions: { ...CHROMIUM_LAUNCH, ignoreDefaultArgs: ['--disable-back-forward-cache'] } });
test('a page restored from the back/forward cache counts as a page view', async ({ page }) => {
  fault('Page views', 'back, then forward, through the back/forward cache', 'each restore counts as a page view');
  await page.addInitScript(() => {
    addEventListener('pageshow', (e) => {
      if (e.persisted) sessionStorage.restored = Number(sessionStorage.restored || 0) + 1;
    });
  });
  await page.goto('/examples/shop/index.html');
  await expect.poll(() => pageViews(page)).toBe(1);
  await page.goto('/examples/shop/about.html');
  await expect.poll(() => pageViews(page)).toBe(2);
  await page.goBack({ waitUntil: 'commit' });
  await expect.poll(() => page.evaluate(() => sessionStorage.restored ?? 0)).toBe('1');
  await page.goForward({ waitUntil: 'commit' });
  await expect.poll(() => page.evaluate(() => sessionStorage.restored ?? 0)).toBe('2');
  expect(Number(await page.evaluate(() => sessionStorage.restored ?? 0))).toBe(2);
  await expect.poll(() => pageViews(page)).toBe(4);
});
