import { expect, recordEvents, session, test } from './fixtures';

test('single-page app: History API route changes are page views, typed by URL rules', async ({ page }) => {
  await recordEvents(page);
  await page.clock.install({ time: new Date(2026, 10, 20, 10, 0, 0) });
  await page.goto('/examples/spa/');
  for (const name of ['Products', 'Lumen 400 Headlamp', 'FAQ', 'Account']) {
    await page.getByRole('link', { name, exact: true }).click();
    await page.clock.fastForward(10_000);
  }
  await page.goBack(); // back to FAQ: a route change too
  await expect.poll(async () => (await session(page))?.pageViews).toBe(6);
  const s = await session(page);
  expect(s!.counts).toEqual({ administrative: 1, informational: 2, product: 2, other: 1 });
  expect(s!.durations.product).toBeGreaterThanOrEqual(20);
});

test('ESM without a bundler: the import-mapped package scores on demand', async ({ page }) => {
  await page.goto('/examples/esm/');
  await page.getByRole('button', { name: 'Score this visit' }).click();
  await expect(page.locator('#out')).toContainText('"variant": "behavioral"');
  const out = JSON.parse((await page.locator('#out').textContent())!);
  expect(out.score.probability).toBeGreaterThan(0);
  expect(out.session.pageViews).toBe(1);
});
