import type { Page } from '@playwright/test';
import { expect, test } from '../e2e/fixtures';

/** Names the fault and the expected behaviour of the current test, for docs/reliability.md. */
export function fault(category: string, what: string, expected: string): void {
  test
    .info()
    .annotations.push(
      { type: 'fault', description: `${category}: ${what}` },
      { type: 'expected', description: expected },
    );
}

/** The messages the demo shop's onError collected on the current page. */
export async function errors(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { intentErrors?: string[] }).intentErrors ?? []);
}

/** Waits until onError has reported a message matching `pattern`, and checks it was reported once. */
export async function expectError(page: Page, pattern: RegExp): Promise<void> {
  await expect.poll(() => errors(page), { timeout: 20_000 }).toContainEqual(expect.stringMatching(pattern));
  expect((await errors(page)).filter((e) => pattern.test(e))).toHaveLength(1);
}

/**
 * The shop still works: its own script ran (navigation built), a link navigates, and a checkout
 * completes to the thank-you page.
 */
export async function shopStillWorks(page: Page): Promise<void> {
  await expect(page.locator('header nav a')).toHaveCount(7);
  await page.getByRole('link', { name: 'Cart' }).click();
  await expect(page).toHaveURL(/cart\.html$/);
  await page.getByRole('link', { name: 'Check out' }).click();
  await page.getByRole('link', { name: 'Pay now' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you' })).toBeVisible();
}

/** A page with nothing but the script-tag build (no tracker started), for driving the API directly. */
export async function blankPage(page: Page, type = 'product'): Promise<void> {
  await page.route('**/faults/blank*.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><meta name="intent-page-type" content="${type}"><script src="/dist/intent-tracker.min.js"></script></head><body><h1>blank</h1></body></html>`,
    }),
  );
}

/** An init script (self-contained, for `addInitScript`): IndexedDB refuses to open, as in Firefox private mode before 115. */
export function denyIndexedDB(): void {
  IDBFactory.prototype.open = () => {
    throw new DOMException('denied by the test', 'SecurityError');
  };
}
