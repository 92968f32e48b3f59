import type { Page } from '@playwright/test';
import { expect, storedState, test } from '../e2e/fixtures';
import { blankPage, fault } from './helpers';

type Raw = {
  session: {
    views: number;
    startedAt: number;
    durations: Record<string, number>;
    current: { at: number };
    counts: Record<string, number>;
  };
};

/** Opens a blank page in a new tab with a tracker that never scores (the test is about storage). */
async function tab(page: Page): Promise<Page> {
  await blankPage(page);
  await page.goto('/faults/blank.html');
  await page.evaluate(() => {
    const w = window as unknown as {
      t: unknown;
      IntentTracker: { initIntentTracker(cb: unknown, o: unknown): unknown };
    };
    w.t = w.IntentTracker.initIntentTracker(undefined, { minPageViews: 1_000_000 });
  });
  await expect.poll(async () => ((await storedState(page)) as Raw | null)?.session.views ?? 0).toBeGreaterThan(0);
  return page;
}

const burst = (page: Page, n: number) =>
  page.evaluate((count) => {
    const t = (window as unknown as { t: { trackPageView(i: { type: string }): void } }).t;
    for (let i = 0; i < count; i++) t.trackPageView({ type: i % 2 ? 'product' : 'informational' });
  }, n);

test('4 tabs, 50 page views each, as fast as possible: exactly 200 more views and consistent durations', async ({
  context,
}) => {
  fault(
    'Concurrency',
    '4 tabs in one browser, 50 page views each, interleaved as fast as possible',
    'one session counts every view exactly (4 initial + 200) and its durations add up to its span',
  );
  const tabs: Page[] = [];
  for (let i = 0; i < 4; i++) tabs.push(await tab(await context.newPage()));
  await Promise.all(tabs.map((t) => burst(t, 50)));
  await expect.poll(async () => ((await storedState(tabs[0])) as Raw).session.views, { timeout: 30_000 }).toBe(204);
  const s = ((await storedState(tabs[0])) as Raw).session;
  expect(s.counts.informational).toBe(100);
  expect(s.counts.product).toBe(104); // 100 from the bursts + the 4 initial views (the blank page is a product page)
  const total = Object.values(s.durations).reduce((a, b) => a + b, 0);
  expect(total).toBe(s.current.at - s.startedAt);
});

test('a tab closed right after its writes loses none of them and counts none twice', async ({ context }) => {
  fault(
    'Concurrency',
    'a tab closed right after 50 page views, before it could store them',
    'every view the closed tab made is counted exactly once (by the other tab); the stored record stays valid and usable',
  );
  const a = await tab(await context.newPage());
  const b = await tab(await context.newPage());
  await burst(a, 50);
  await a.close({ runBeforeUnload: false });
  // The other tab's next read of the session drains what the closed tab left in the journal.
  const views = async () => {
    await b.evaluate(() => (window as unknown as { t: { getSession(): Promise<unknown> } }).t.getSession());
    return ((await storedState(b)) as Raw).session.views;
  };
  await expect.poll(views).toBe(2 + 50);
  await burst(b, 1);
  await expect.poll(views).toBe(2 + 50 + 1);
});
