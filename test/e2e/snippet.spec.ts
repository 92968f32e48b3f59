import { expect, nextDecision, readmeSnippet, recordEvents, session, test } from './fixtures';

// The quick start as copied: the README's snippet on a site with neither /intent-config.json nor
// /page-stats.json (both answer 404 here, and neither may be asked for), three pages, an offer.
test.use({ allowHttpErrors: true });

test("the README's async snippet, as copied, on a site with no config or page-statistics file: it loads the SDK, replays queued calls and an offer fires", async ({
  page,
}) => {
  await recordEvents(page);
  await page.clock.install({ time: new Date(2026, 10, 20, 10, 0, 0) });
  const snippet = readmeSnippet();
  expect(snippet).toContain('IntentTracker.initIntentTracker');
  const asked: string[] = [];
  for (const file of ['**/intent-config.json', '**/page-stats.json'])
    await page.route(file, (route) => {
      asked.push(route.request().url());
      return route.fulfill({ status: 404, body: 'not found' });
    });
  await page.route('**/readme-*.html', (route) =>
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
  const decisions = [];
  for (const p of ['readme-1.html', 'readme-2.html', 'readme-3.html']) {
    await page.goto(`/${p}`);
    decisions.push(await nextDecision(page));
    await page.clock.fastForward(20_000);
  }
  const queued = await page.evaluate(
    () => (window as unknown as { queuedSession: Promise<{ pageViews: number } | null> }).queuedSession,
  );
  expect(queued).not.toBeNull();
  expect((await session(page))!.counts.informational).toBe(3);
  // No page statistics: the behavioral model scores (0.19 for these three pages).
  expect(decisions[2]).toMatchObject({ action: 'offer', offer: { id: 'default' } });
  await expect.poll(() => page.evaluate(() => (window as unknown as { shown: string[] }).shown)).toEqual(['default']);
  expect(asked).toEqual([]);
});
