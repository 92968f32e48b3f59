import type { Page } from '@playwright/test';
import { browse, demoOptions, expect, nextDecision, offers, readmeSnippet, recordEvents, test } from '../e2e/fixtures';
import { fault } from './helpers';

const CSP =
  "default-src 'self'; script-src 'self'; connect-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:";

/**
 * Serves every response with a Content-Security-Policy header, and records violations in the page.
 * `pages` are test pages (path -> HTML) served under the same header: a route of their own would
 * take precedence over this one and serve them without it.
 */
async function withPolicy(page: Page, policy: string, pages: Record<string, string> = {}): Promise<void> {
  await page.route('**/*', async (route) => {
    const html = pages[new URL(route.request().url()).pathname];
    if (html !== undefined)
      return route.fulfill({ contentType: 'text/html', body: html, headers: { 'content-security-policy': policy } });
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
  await withPolicy(page, CSP.replace("script-src 'self'", "script-src 'self' 'nonce-r4nd0m'"), {
    '/examples/shop/nonce.html': `<!doctype html><html><head><meta name="intent-page-type" content="product">${snippet}</head><body></body></html>`,
  });
  await page.goto('/examples/shop/nonce.html');
  const s = await page.evaluate(() =>
    (
      window as unknown as { intentTracker: { getSession(): Promise<{ pageViews: number }> } }
    ).intentTracker.getSession(),
  );
  expect(s.pageViews).toBe(1);
  expect(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
});

/** A page with the README snippet (and `before`, a script of the page's own ahead of it), under `policy`. */
async function snippetPage(page: Page, policy: string, before = ''): Promise<void> {
  await withPolicy(page, policy, {
    '/examples/shop/trusted-types.html': `<!doctype html><html><head><meta name="intent-page-type" content="product">${before}${readmeSnippet()}</head><body></body></html>`,
  });
  await recordEvents(page);
  await page.goto('/examples/shop/trusted-types.html');
}

/** The page's tracker, as the README snippet leaves it on window. */
interface Tracker {
  getSession(): Promise<{ pageViews: number } | null>;
  score(): Promise<{ probability: number } | null>;
}

/** The snippet's SDK counted the page view, decided when idle (scoring chunk) and scores (runtime chunk and model). */
async function sdkWorks(page: Page): Promise<void> {
  const session = await page.evaluate(() =>
    (window as unknown as { intentTracker: Tracker }).intentTracker.getSession(),
  );
  expect(session?.pageViews).toBe(1);
  expect(await nextDecision(page)).toMatchObject({ action: 'none', pageViews: 1 });
  const score = await page.evaluate(() => (window as unknown as { intentTracker: Tracker }).intentTracker.score());
  expect(typeof score?.probability).toBe('number');
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

for (const [name, policy] of [
  ['with the policy name in its allow-list', "require-trusted-types-for 'script'; trusted-types intent-tracker-loader"],
  ['without a trusted-types allow-list', "require-trusted-types-for 'script'"],
]) {
  test(`the README's snippet under Trusted Types ${name}`, async ({ page }) => {
    fault(
      'Content Security Policy',
      `the README's inline snippet under ${policy} (no default policy)`,
      'the snippet assigns its script URL through its intent-tracker-loader policy: the SDK loads, counts the page view and scores; no violation',
    );
    await snippetPage(page, policy);
    await sdkWorks(page);
    expect(await violations(page)).toEqual([]);
  });
}

test.describe(() => {
  // Chromium logs the refused policy name itself; that report is the expected one.
  test.use({ expectedBrowserErrors: [/TrustedTypePolicy named 'intent-tracker-loader'/] });
  test("the README's snippet under Trusted Types whose allow-list has only the page's default policy", async ({
    page,
  }) => {
    fault(
      'Content Security Policy',
      "the README's inline snippet under require-trusted-types-for 'script'; trusted-types default, with a default policy of the page's",
      "the snippet's own policy name is refused (one trusted-types report); it assigns the plain URL, which the page's default policy passes: the SDK loads, counts the page view and scores",
    );
    const defaultPolicy = `<script>trustedTypes.createPolicy('default', { createScriptURL: function (u) {
      if (new URL(u, location.href).origin === location.origin) return u;
      throw new Error('script URL not allowed: ' + u);
    } });</script>`;
    await snippetPage(page, "require-trusted-types-for 'script'; trusted-types default", defaultPolicy);
    await sdkWorks(page);
    expect(await violations(page)).toEqual(['trusted-types trusted-types-policy']);
  });
});
