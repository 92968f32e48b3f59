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

test('destroy() removes the listeners the tracker added, and a tracker started again adds no more', async ({ page }) => {
  await page.goto('/examples/spa/');
  const cdp = await page.context().newCDPSession(page);
  const listeners = async () => {
    const count: Record<string, number> = {};
    for (const target of ['window', 'document']) {
      const { result } = await cdp.send('Runtime.evaluate', { expression: target });
      const { listeners: all } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
      for (const type of ['popstate', 'visibilitychange', 'pagehide']) count[`${target} ${type}`] = all.filter((l) => l.type === type).length;
    }
    return count;
  };
  type Tracker = { score(): Promise<unknown>; destroy(): void };
  await page.evaluate(() => (window as unknown as { intentTracker: Tracker }).intentTracker.score()); // loads the scoring half
  const running = await listeners();
  await page.evaluate(() => (window as unknown as { intentTracker: Tracker }).intentTracker.destroy());
  const destroyed = await listeners();
  // The route watcher's popstate, and the scoring half's visibilitychange and pagehide (web vitals keep theirs).
  expect(destroyed).toEqual({ ...running, 'window popstate': running['window popstate'] - 1, 'document visibilitychange': running['document visibilitychange'] - 1, 'window pagehide': running['window pagehide'] - 1 });
  expect(await page.evaluate(() => history.pushState.toString())).toContain('[native code]');

  await page.evaluate(async () => {
    const sdk = (await import('/dist/index.js' as string)) as { initIntentTracker(cb: () => void, o: object): Tracker };
    const again = sdk.initIntentTracker(() => {}, { spa: true });
    await again.score();
    again.destroy();
  });
  expect(await listeners()).toEqual(destroyed);
});
