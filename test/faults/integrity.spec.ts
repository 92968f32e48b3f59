import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../e2e/fixtures';
import { readmeSriTag } from '../helpers/sri';
import { fault } from './helpers';

const integrity = JSON.parse(readFileSync('dist/integrity.json', 'utf8')) as Record<string, string>;

function distFiles(dir = 'dist'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? distFiles(full) : [full];
  });
}

test('dist/integrity.json holds the sha384 of every shipped file', () => {
  fault('Integrity', 'dist/integrity.json (sha384 SRI hashes)', 'one correct hash per file in dist/');
  const files = distFiles()
    .map((f) => path.relative('dist', f))
    .filter((f) => f !== 'integrity.json')
    .sort();
  expect(Object.keys(integrity).sort()).toEqual(files);
  for (const f of files)
    expect(integrity[f]).toBe(
      `sha384-${createHash('sha384')
        .update(readFileSync(path.join('dist', f)))
        .digest('base64')}`,
    );
});

for (const [name, good] of [
  ['with its integrity hash', true],
  ['with a wrong integrity hash', false],
] as const) {
  test.describe(() => {
    // Chromium reports the refused script as a console error by design.
    test.use({ expectedBrowserErrors: good ? [] : [/Failed to find a valid digest in the 'integrity' attribute/] });
    test(`the script tag ${name}`, async ({ page }) => {
      fault(
        'Integrity',
        `script tag ${name}`,
        good
          ? 'the browser verifies and runs the SDK'
          : 'the browser refuses the script; the page itself keeps working',
      );
      const hash = good
        ? integrity['intent-tracker.min.js']
        : 'sha384-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
      await page.route('**/faults/sri.html', (route) =>
        route.fulfill({
          contentType: 'text/html',
          // The README's tag, filled in as it says, so the documented tag is the one the browser verifies.
          body: `<!doctype html><html><head>${readmeSriTag({ 'intent-tracker.min.js': hash })}</head><body><p id="ok">page script ran</p><script src="/examples/shop/shop.js"></script></body></html>`,
        }),
      );
      await page.goto('/faults/sri.html');
      await expect(page.locator('header nav a')).toHaveCount(7); // the page's own script still runs
      const loaded = await page.evaluate(() => typeof (window as unknown as { IntentTracker?: unknown }).IntentTracker);
      expect(loaded).toBe(good ? 'object' : 'undefined');
    });
  });
}
