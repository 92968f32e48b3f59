import { expect, nextDecision, readmeSnippet, recordEvents, session, test } from './fixtures';

test("the README's async snippet loads the SDK, replays queued calls and fires the callback", async ({ page }) => {
  await recordEvents(page);
  await page.clock.install({ time: new Date(2026, 10, 20, 10, 0, 0) });
  const snippet = readmeSnippet();
  expect(snippet).toContain('IntentTracker.initIntentTracker');
  await page.route('**/examples/shop/readme-*.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><meta name="intent-page-type" content="informational">${snippet}
      <script>
        window.shown = [];
        function showOffer(offer) { window.shown.push(offer.id); }
        // Called before the SDK has loaded: the stub queues it and the script replays it.
        window.queuedSession = window.intentTracker.getSession();
      </script></head><body><h1>README snippet</h1></body></html>`,
    }),
  );
  for (const p of ['readme-1.html', 'readme-2.html', 'readme-3.html']) {
    await page.goto(`/examples/shop/${p}`);
    await nextDecision(page);
    await page.clock.fastForward(20_000);
  }
  const queued = await page.evaluate(
    () => (window as unknown as { queuedSession: Promise<{ pageViews: number } | null> }).queuedSession,
  );
  expect(queued).not.toBeNull();
  expect((await session(page))!.counts.informational).toBe(3);
  await expect.poll(() => page.evaluate(() => (window as unknown as { shown: string[] }).shown.length)).toBe(1);
  expect(['free-shipping', 'ten-percent']).toContain(
    await page.evaluate(() => (window as unknown as { shown: string[] }).shown[0]),
  );
});
