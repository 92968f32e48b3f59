import type { Page } from '@playwright/test';
import { expect, nextDecision, recordEvents, test } from '../e2e/fixtures';
import { blankPage, fault } from './helpers';

/** Starts a tracker whose callbacks are given as source text, with an offer that always fires. */
async function startWith(
  page: Page,
  callbacks: { onLowIntent?: string; onHoldout?: string; onError?: string },
  extra: Record<string, unknown> = {},
) {
  await recordEvents(page);
  await blankPage(page);
  await page.goto('/faults/blank.html');
  await page.evaluate(
    ({ callbacks, extra }) => {
      const w = window as unknown as {
        errors: string[];
        IntentTracker: { initIntentTracker(cb: unknown, o: unknown): unknown };
      };
      w.errors = [];
      // The test builds its callbacks from source text.
      const make = (src?: string) => (src ? (new Function('event', src) as (e: unknown) => unknown) : undefined);
      w.IntentTracker.initIntentTracker(make(callbacks.onLowIntent), {
        threshold: 0.999,
        minPageViews: 1,
        ...extra,
        onHoldout: make(callbacks.onHoldout),
        onError: make(callbacks.onError) ?? ((e: { message: string }) => w.errors.push(e.message)),
      });
    },
    { callbacks, extra },
  );
}

const errors = (page: Page) => page.evaluate(() => (window as unknown as { errors: string[] }).errors);

test('onLowIntent that throws', async ({ page }) => {
  fault(
    'Callbacks',
    'onLowIntent throws',
    'the exception is caught and reported once through onError; the page is unaffected',
  );
  await startWith(page, { onLowIntent: "throw new Error('shop bug')" });
  expect((await nextDecision(page)).action).toBe('offer');
  await expect.poll(() => errors(page)).toEqual(['the onLowIntent callback failed: Error: shop bug']);
});

test('onLowIntent whose promise rejects or never settles', async ({ page }) => {
  fault(
    'Callbacks',
    'onLowIntent returns a rejecting promise, or one that never settles',
    'a rejection is reported once; a promise that never settles is not waited for; later decisions still run',
  );
  await startWith(
    page,
    { onLowIntent: "return event.pageViews === 1 ? Promise.reject(new Error('async bug')) : new Promise(() => {})" },
    { maxOffersPerSession: 5 },
  );
  expect((await nextDecision(page)).action).toBe('offer');
  await expect.poll(() => errors(page)).toEqual(['the onLowIntent callback failed: Error: async bug']);
  await page.evaluate(() =>
    (
      window as unknown as { IntentTracker: { initIntentTracker(): { trackPageView(): void } } }
    ).IntentTracker.initIntentTracker().trackPageView(),
  );
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          (window as unknown as { __intent: { type: string }[] }).__intent.filter(
            (e) => e.type === 'intenttracker:lowintent',
          ).length,
      ),
    )
    .toBe(2);
});

test('onHoldout that throws', async ({ page }) => {
  fault(
    'Callbacks',
    'onHoldout throws',
    'caught and reported once through onError; the holdout decision is still recorded',
  );
  await startWith(page, { onHoldout: "throw new Error('holdout bug')" }, { holdoutArm: 'control' });
  expect((await nextDecision(page)).action).toBe('holdout');
  await expect.poll(() => errors(page)).toEqual(['the onHoldout callback failed: Error: holdout bug']);
});

test('onError that throws', async ({ page }) => {
  fault(
    'Callbacks',
    'onError throws (while reporting a throwing onLowIntent)',
    'swallowed: no uncaught exception, the tracker keeps working',
  );
  await startWith(page, {
    onLowIntent: "throw new Error('shop bug')",
    onError: "throw new Error('error handler bug')",
  });
  expect((await nextDecision(page)).action).toBe('offer');
  const score = await page.evaluate(() =>
    (
      window as unknown as { IntentTracker: { initIntentTracker(): { score(): Promise<unknown> } } }
    ).IntentTracker.initIntentTracker().score(),
  );
  expect(score).not.toBeNull();
});
