/**
 * `trigger: 'exit-intent'` in Chromium, on the demo shop. The pointer is driven with page.mouse
 * (Chromium reports a move past the viewport's edge as a mouseout with no relatedTarget, as a real
 * pointer leaving the window). Touch is driven with CDP `Input.dispatchTouchEvent` in a
 * `hasTouch`/`isMobile` context: real touch sequences that Chromium itself turns into scrolling
 * (`Input.synthesizeScrollGesture` with a touch source does not scroll headless Chromium here).
 */
import type { CDPSession, Page } from '@playwright/test';
import { expect, offers, recordEvents, session, test } from './fixtures';

const START = new Date(2026, 10, 20, 10, 0, 0); // a local Friday morning in November

type Detail = { action: string; reason?: string; pending?: boolean; trigger?: string; leaveRisk?: number | null };

/** The page's decision events so far. */
const decisions = (page: Page): Promise<Detail[]> =>
  page.evaluate(() =>
    ((window as unknown as { __intent?: { type: string; detail: Detail }[] }).__intent ?? [])
      .filter((e) => e.type === 'intenttracker:decision')
      .map((e) => e.detail),
  );

/** Waits until the page has `n` decision events, and returns them. */
async function decisionCount(page: Page, n: number): Promise<Detail[]> {
  await expect.poll(async () => (await decisions(page)).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(n);
  return decisions(page);
}

/** Options for the demo shop, functions included (demoOptions serialises JSON only). */
async function shopOptions(page: Page, options: Record<string, unknown>): Promise<void> {
  await page.context().addInitScript((o) => {
    const w = window as unknown as Record<string, unknown> & { __holdouts: unknown[] };
    w.__holdouts = [];
    w.intentDemoOptions = { ...o, onHoldout: (e: unknown) => w.__holdouts.push(e) };
  }, options);
}

const holdouts = (page: Page) => page.evaluate(() => (window as unknown as { __holdouts: unknown[] }).__holdouts);

/**
 * The two browsing pages before the scored one, 20 s each; `onEach` runs on each after its
 * decision (fewer than 3 views: nothing is pending there).
 */
async function browseTwo(page: Page, onEach: () => Promise<void> = async () => {}): Promise<void> {
  for (const p of ['index.html', 'about.html']) {
    await page.goto(`/examples/shop/${p}`);
    await decisionCount(page, 1);
    await page.clock.fastForward(20_000);
    await onEach();
  }
}

/** Two browsing pages, then the third (scored) one; waits for its pending decision and returns it. */
async function browseToPending(page: Page): Promise<Detail> {
  await browseTwo(page);
  await page.goto('/examples/shop/shipping.html');
  const [d] = await decisionCount(page, 1);
  return d;
}

/** Moves the pointer into the page, then out of it through one edge. */
async function leaveThrough(page: Page, edge: 'top' | 'left' | 'right' | 'bottom'): Promise<void> {
  const { width, height } = page.viewportSize()!;
  await page.mouse.move(width / 2, height / 2);
  const to = {
    top: [width / 2, -5],
    left: [-5, height / 2],
    right: [width + 5, height / 2],
    bottom: [width / 2, height + 5],
  };
  await page.mouse.move(to[edge][0], to[edge][1], { steps: 4 });
}

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await page.clock.install({ time: START });
});

test.describe('pointer', () => {
  test('the offer comes once, at the first exit through the top after the minimum time; not before the decision, not through the sides or bottom, not twice', async ({
    page,
  }) => {
    await shopOptions(page, { trigger: 'exit-intent' });
    await browseTwo(page, () => leaveThrough(page, 'top')); // no decision pending on these pages (fewer than 3 views)
    expect(await offers(page)).toEqual([]);
    await page.goto('/examples/shop/shipping.html');
    const [pending] = await decisionCount(page, 1);
    expect(pending).toMatchObject({ action: 'offer', trigger: 'exit-intent', pending: true });
    expect(pending.leaveRisk).toBeGreaterThanOrEqual(0);
    await leaveThrough(page, 'top'); // within minSecondsOnPage (3 s) of the page view
    await page.clock.fastForward(3_000);
    for (const edge of ['left', 'right', 'bottom'] as const) await leaveThrough(page, edge);
    await page.waitForTimeout(300);
    expect(await offers(page), 'nothing before the minimum time, nor through the sides or bottom').toEqual([]);
    await expect(page.locator('#offer-banner')).toHaveCount(0);
    expect((await session(page))!.offersShown, 'a pending decision is not counted yet').toBe(0);

    await leaveThrough(page, 'top');
    const [, delivered] = await decisionCount(page, 2);
    expect(delivered).toMatchObject({ action: 'offer', trigger: 'exit-intent', pending: false });
    await expect(page.locator('#offer-banner')).toBeVisible();
    const [event] = await offers(page);
    expect(event).toMatchObject({ trigger: 'exit-intent', pageViews: 3, arm: 'treatment' });
    expect(event.leaveRisk).toBe(pending.leaveRisk);
    expect((await session(page))!.offersShown).toBe(1);

    await leaveThrough(page, 'top');
    await page.waitForTimeout(300);
    expect(await offers(page), 'once per page').toHaveLength(1);
    expect(await decisions(page)).toHaveLength(2);
  });

  test('a fast mouse-wheel scroll back up is no exit intent on a pointer device (the touch signals need a touch)', async ({
    page,
  }) => {
    await shopOptions(page, { trigger: 'exit-intent' });
    await browseToPending(page);
    await page.evaluate(() => {
      const filler = document.createElement('div');
      filler.style.height = '4000px';
      document.body.appendChild(filler);
    });
    await page.clock.fastForward(3_000);
    await page.mouse.move(300, 300);
    await page.mouse.wheel(0, 1500);
    await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(1000);
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -150); // flicked back up in a few frames
    await expect.poll(() => page.evaluate(() => scrollY)).toBe(0);
    await page.clock.fastForward(10_000); // idle at the top, too
    await page.waitForTimeout(300);
    expect(await offers(page)).toEqual([]);
    await leaveThrough(page, 'top'); // the pointer signal still stands
    await expect.poll(async () => (await offers(page)).length).toBe(1);
  });

  test('an exit while the page is still being scored is not remembered: the offer waits for an exit after the decision', async ({
    page,
  }) => {
    await shopOptions(page, { trigger: 'exit-intent' });
    await browseTwo(page);
    // Hold the inference chunk: the third page's decision cannot be taken until it is released.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/dist/intent-runtime.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/examples/shop/shipping.html');
    await page.clock.fastForward(3_000);
    await leaveThrough(page, 'top');
    expect(await decisions(page), 'not decided yet').toEqual([]);
    release();
    const [pending] = await decisionCount(page, 1);
    expect(pending).toMatchObject({ action: 'offer', pending: true });
    await page.waitForTimeout(300);
    expect(await offers(page), 'the earlier exit does not count').toEqual([]);
    await leaveThrough(page, 'top');
    await expect.poll(async () => (await offers(page)).length).toBe(1);
  });

  test('a leave risk below minLeaveRisk: no offer, and the reason gives both (both triggers)', async ({ page }) => {
    for (const trigger of ['pageview', 'exit-intent']) {
      await shopOptions(page, { trigger, minLeaveRisk: 0.9 }); // the later init script wins; the session goes on
      const decision = await browseToPending(page);
      expect(decision).toMatchObject({ action: 'none', trigger });
      expect(decision.reason).toMatch(/^leave risk 0\.\d{3} is below minLeaveRisk 0\.900$/);
      expect(decision.leaveRisk).toBeLessThan(0.9);
    }
  });

  test('a leave risk at or above minLeaveRisk lets the offer through', async ({ page }) => {
    await shopOptions(page, { minLeaveRisk: 0.001 });
    const decision = await browseToPending(page);
    expect(decision).toMatchObject({ action: 'offer', trigger: 'pageview' });
    expect(decision.leaveRisk).toBeGreaterThanOrEqual(0.001);
  });

  test.describe('a model folder without a leave-risk model', () => {
    test.use({ allowHttpErrors: true }); // Chromium logs the 404 it is answered with
    test('minLeaveRisk offers nothing, and says why (both triggers)', async ({ page }) => {
      await page.route('**/leave-model.json', (route) => route.fulfill({ status: 404, body: 'not found' }));
      for (const trigger of ['pageview', 'exit-intent']) {
        await shopOptions(page, { trigger, minLeaveRisk: 0.3 });
        const decision = await browseToPending(page);
        expect(decision).toMatchObject({
          action: 'none',
          reason: 'minLeaveRisk is set but the model gives no leave risk (no leave-risk model)',
          leaveRisk: null,
          trigger,
        });
      }
    });
  });

  test('the control arm gets onHoldout at the exit, the same moment the treatment arm would get its offer', async ({
    page,
  }) => {
    await shopOptions(page, { trigger: 'exit-intent', holdoutArm: 'control' });
    const pending = await browseToPending(page);
    expect(pending).toMatchObject({ action: 'holdout', trigger: 'exit-intent', pending: true });
    await page.clock.fastForward(3_000);
    await page.waitForTimeout(300);
    expect(await holdouts(page), 'not at the page view').toEqual([]);
    expect((await session(page))!.holdoutDecisions).toBe(0);
    await leaveThrough(page, 'top');
    const [, recorded] = await decisionCount(page, 2);
    expect(recorded).toMatchObject({ action: 'holdout', trigger: 'exit-intent', pending: false });
    await expect.poll(() => holdouts(page)).toHaveLength(1);
    expect((await holdouts(page))[0]).toMatchObject({ arm: 'control', trigger: 'exit-intent', pageViews: 3 });
    expect((await session(page))!.holdoutDecisions).toBe(1);
    expect(await offers(page)).toEqual([]);
    await expect(page.locator('#offer-banner')).toHaveCount(0);
  });

  test('a purchase while the decision is pending: no offer at the exit, and the reason says why', async ({ page }) => {
    await shopOptions(page, { trigger: 'exit-intent' });
    await browseToPending(page);
    await page.evaluate(() =>
      (window as unknown as { intentTracker: { recordPurchase(): void } }).intentTracker.recordPurchase(),
    );
    await page.clock.fastForward(3_000);
    await leaveThrough(page, 'top');
    const [, after] = await decisionCount(page, 2);
    expect(after).toMatchObject({ action: 'none', reason: 'purchased', trigger: 'exit-intent' });
    expect(await offers(page)).toEqual([]);
  });

  test("the next page view replaces the pending decision: the last page's exit intent delivers nothing", async ({
    page,
  }) => {
    await shopOptions(page, { trigger: 'exit-intent', maxOffersPerSession: 5 });
    await browseToPending(page);
    await page.clock.fastForward(3_000);
    await page.goto('/examples/shop/index.html'); // page view 4, scored again
    const [next] = await decisionCount(page, 1);
    expect(next).toMatchObject({ trigger: 'exit-intent', pending: true });
    expect((await session(page))!.offersShown, "the left page's decision never counted").toBe(0);
    await page.clock.fastForward(3_000);
    await leaveThrough(page, 'top');
    await expect.poll(async () => (await offers(page)).length).toBe(1);
    expect((await offers(page))[0]).toMatchObject({ pageViews: 4 });
  });
});

test("the demo shop's switch tries both triggers, for the rest of the tab", async ({ page }) => {
  await page.goto('/examples/shop/index.html');
  expect(await decisionCount(page, 1)).toMatchObject([{ trigger: 'pageview' }]);
  await page.locator('#trigger-switch').selectOption('exit-intent');
  await page.waitForURL(/trigger=exit-intent/);
  expect(await decisionCount(page, 1)).toMatchObject([{ trigger: 'exit-intent' }]);
  await page.goto('/examples/shop/about.html'); // no parameter: the tab keeps the choice
  expect(await decisionCount(page, 1)).toMatchObject([{ trigger: 'exit-intent' }]);
  await expect(page.locator('#trigger-switch')).toHaveValue('exit-intent');
});

test('a route change (trackPageView, as spa: true does) replaces the pending decision with the new one', async ({
  page,
}) => {
  await shopOptions(page, { trigger: 'exit-intent', maxOffersPerSession: 5 });
  await browseToPending(page);
  await page.clock.fastForward(3_000);
  await page.evaluate(() =>
    (window as unknown as { intentTracker: { trackPageView(): void } }).intentTracker.trackPageView(),
  );
  const [, next] = await decisionCount(page, 2);
  expect(next).toMatchObject({ trigger: 'exit-intent', pending: true, pageViews: 4 });
  await page.clock.fastForward(3_000); // the minimum time counts from the route change
  await leaveThrough(page, 'top');
  await expect.poll(async () => (await offers(page)).length).toBe(1);
  await page.waitForTimeout(300);
  expect(await offers(page)).toMatchObject([{ pageViews: 4 }]);
  expect((await session(page))!.offersShown).toBe(1);
});

/** A finger drag from y0 to y1 in `steps` moves `ms` apart (finger down the screen scrolls the page up). */
async function drag(cdp: CDPSession, page: Page, y0: number, y1: number, steps: number, ms: number): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 200, y: y0 }] });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: [{ x: 200, y: y0 + ((y1 - y0) * i) / steps }],
    });
    await page.waitForTimeout(ms);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await page.waitForTimeout(400); // let a fling settle
}

test.describe('touch', () => {
  test.use({ hasTouch: true, isMobile: true, viewport: { width: 400, height: 700 } });

  /** The third page, made long enough to scroll, with its decision pending. */
  async function tallPending(page: Page): Promise<CDPSession> {
    await shopOptions(page, { trigger: 'exit-intent' });
    await browseToPending(page);
    await page.evaluate(() => {
      const filler = document.createElement('div');
      filler.style.height = '4000px';
      document.body.appendChild(filler);
    });
    await page.clock.fastForward(3_000);
    return page.context().newCDPSession(page);
  }

  test('a fast upward scroll after scrolling down fires the offer; scrolling down does not', async ({ page }) => {
    const cdp = await tallPending(page);
    await drag(cdp, page, 600, 100, 20, 40); // page down ~500 px, slowly
    await drag(cdp, page, 600, 100, 20, 40);
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(300);
    expect(await offers(page), 'scrolling down is no exit intent').toEqual([]);
    await drag(cdp, page, 150, 650, 6, 16); // a flick back up: ~500 px in ~100 ms
    await expect.poll(async () => (await offers(page)).length).toBe(1);
    expect((await offers(page))[0]).toMatchObject({ trigger: 'exit-intent', arm: 'treatment' });
  });

  test('a slow upward scroll, short of the top, is no exit intent', async ({ page }) => {
    const cdp = await tallPending(page);
    await drag(cdp, page, 600, 100, 20, 40);
    await drag(cdp, page, 600, 100, 20, 40);
    const deep = await page.evaluate(() => scrollY);
    await drag(cdp, page, 300, 500, 40, 40); // ~200 px back up in ~1.6 s
    expect(await page.evaluate(() => scrollY)).toBeLessThan(deep);
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(100);
    await page.clock.fastForward(10_000);
    await page.waitForTimeout(300);
    expect(await offers(page)).toEqual([]);
  });

  test('idle back at the top after scrolling down fires the offer', async ({ page }) => {
    const cdp = await tallPending(page);
    await drag(cdp, page, 600, 100, 20, 40);
    // Back up slowly (no fast-scroll signal), to the top.
    for (let i = 0; i < 6 && (await page.evaluate(() => scrollY)) > 0; i++) await drag(cdp, page, 200, 400, 40, 40);
    expect(await page.evaluate(() => scrollY)).toBeLessThanOrEqual(50);
    expect(await offers(page), 'no fast scroll').toEqual([]);
    await page.clock.fastForward(5_100); // idleAtTopSeconds
    await expect.poll(async () => (await offers(page)).length).toBe(1);
  });
});
