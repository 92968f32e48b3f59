import { browse, demoOptions, expect, nextDecision, recordEvents, session, test } from '../e2e/fixtures';
import { errors, fault, shopStillWorks } from './helpers';

const MORNING = new Date(2026, 10, 20, 10, 0, 0);

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await demoOptions(page, { debug: false });
  await page.clock.install({ time: MORNING });
});

test('the clock jumps backwards', async ({ page }) => {
  fault('Time', 'the system clock jumps backwards by an hour', 'the session continues; no negative duration; no error');
  await browse(page, ['index.html', 'about.html']);
  const before = await session(page);
  await page.clock.setSystemTime(new Date(MORNING.getTime() - 3_600_000));
  await page.goto('/examples/shop/faq.html');
  await nextDecision(page);
  const after = await session(page);
  expect(after!.sessionId).toBe(before!.sessionId);
  expect(after!.pageViews).toBe(3);
  for (const seconds of Object.values(after!.durations)) expect(seconds).toBeGreaterThanOrEqual(0);
  expect(await errors(page)).toEqual([]);
  await shopStillWorks(page);
});

test('the clock jumps forwards by days', async ({ page }) => {
  fault(
    'Time',
    'the clock jumps forwards by three days',
    'a new session starts (a new day); durations of the old session are not inflated',
  );
  await browse(page, ['index.html', 'about.html']);
  const before = await session(page);
  await page.clock.setSystemTime(new Date(MORNING.getTime() + 3 * 86_400_000));
  await page.goto('/examples/shop/faq.html');
  await nextDecision(page);
  const after = await session(page);
  expect(after!.sessionId).not.toBe(before!.sessionId);
  expect(after!.pageViews).toBe(1);
  expect(after!.features.Weekend).toBe(false); // Monday, Nov 23
  await shopStillWorks(page);
});

test('the tab sleeps past the session timeout', async ({ page }) => {
  fault(
    'Time',
    'the tab sleeps (timers frozen) for 45 minutes on a page',
    'the next page view starts a new session; nothing breaks on waking',
  );
  await browse(page, ['index.html', 'about.html']);
  const before = await session(page);
  await page.clock.pauseAt(new Date(MORNING.getTime() + 45 * 60_000));
  await page.clock.resume();
  await page.evaluate(() =>
    (window as unknown as { intentTracker: { trackPageView(): void } }).intentTracker.trackPageView(),
  );
  await expect.poll(async () => (await session(page))?.sessionId).not.toBe(before!.sessionId);
  expect((await session(page))!.pageViews).toBe(1);
  await shopStillWorks(page);
});
