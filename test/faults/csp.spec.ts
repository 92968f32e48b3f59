import type { Page } from '@playwright/test';
import { browse, demoOptions, expect, offers, readmeSnippet, recordEvents, test } from '../e2e/fixtures';
import { fault } from './helpers';

const CSP =
  "default-src 'self'; script-src 'self'; connect-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:";

/** Serves every response with a Content-Security-Policy header, and records violations in the page. */
async function withPolicy(page: Page, policy: string): Promise<void> {
  await page.route('**/*', async (route) => {
    try {
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': policy } });
    } catch {
      // The test ended (page closed) while the SDK was still fetching a lazy file: nothing to serve.
    }
  });
  await page.context().addInitScript(() => {
    const w = window as unknown as { violations: string[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}

test('the demo shop under a strict Content-Security-Policy', async ({ page }) => {
  fault(
    'Content Security Policy',
    `script-src 'self'; connect-src 'self'; worker-src 'self'; no unsafe-eval or unsafe-inline (snippet in a file)`,
    'everything works: page views, lazy chunks, model, offer; no violation',
  );
  await withPolicy(page, CSP);
  await recordEvents(page);
  await demoOptions(page, { debug: false });
  await page.clock.install({ time: new Date(2026, 10, 20, 10) });
  const decision = await browse(page, ['index.html', 'about.html', 'shipping.html']);
  expect(decision.action).toBe('offer');
  expect(await offers(page)).toHaveLength(1);
  await expect(page.locator('#offer-banner')).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
});

test("the README's inline snippet under CSP with a nonce", async ({ page }) => {
  fault(
    'Content Security Policy',
    "the inline snippet with script-src 'self' 'nonce-...'",
    'the snippet runs with its nonce and loads the SDK from the same origin; no violation',
  );
  const snippet = readmeSnippet().replace('<script>', '<script nonce="r4nd0m">');
  await withPolicy(page, CSP.replace("script-src 'self'", "script-src 'self' 'nonce-r4nd0m'"));
  await page.route('**/examples/shop/nonce.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><meta name="intent-page-type" content="product">${snippet}</head><body></body></html>`,
    }),
  );
  await page.goto('/examples/shop/nonce.html');
  const s = await page.evaluate(() =>
    (
      window as unknown as { intentTracker: { getSession(): Promise<{ pageViews: number }> } }
    ).intentTracker.getSession(),
  );
  expect(s.pageViews).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
});
