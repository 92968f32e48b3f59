import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { fileHandler } from '../../model/src/artifacts/model-files';
import { encode } from '../../src/features/encode';
import type { EncoderSpec, SessionRecord } from '../../src/features/types';
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

test('without page statistics the browser scores the behavioral model exactly as Node does, derived totals included', async ({
  page,
}) => {
  const start = new Date(2026, 10, 20, 10, 0, 0);
  await page.clock.install({ time: start });
  await page.goto('/examples/spa/');
  for (const name of ['Products', 'Lumen 400 Headlamp', 'FAQ', 'Products']) {
    await page.getByRole('link', { name, exact: true }).click();
    await page.clock.fastForward(15_000);
  }
  await expect.poll(async () => (await session(page))?.pageViews).toBe(5);
  // Load the model first: its load yields to the page with a timer, which a paused clock never fires.
  await page.evaluate(() =>
    (window as unknown as { intentTracker: { score(): Promise<unknown> } }).intentTracker.score(),
  );
  await page.clock.pauseAt(start.getTime() + 300_000); // score and snapshot see the same instant
  const [scored, snap] = await page.evaluate(async () => {
    const t = (
      window as unknown as {
        intentTracker: {
          score(): Promise<{ probability: number; variant: string }>;
          getSession(): Promise<{ features: unknown }>;
        };
      }
    ).intentTracker;
    return [await t.score(), await t.getSession()] as const;
  });
  expect(scored.variant).toBe('behavioral');
  const f = snap.features as SessionRecord;
  expect(f.ProductRelated).toBe(3);
  expect(f.Informational).toBe(1);
  expect(f.ProductRelated_Duration).toBeGreaterThan(0);
  const spec = JSON.parse(readFileSync('model/artifacts/behavioral/encoder.json', 'utf8')) as EncoderSpec;
  expect(spec.inputNames).toContain('log1p(SecondsPerPage)');
  const model = await tf.loadLayersModel(fileHandler('model/artifacts/behavioral'));
  const x = encode(spec, f);
  const p = (model.predict(tf.tensor2d(x, [1, x.length])) as tf.Tensor).dataSync()[0];
  expect(Math.abs(p - scored.probability)).toBeLessThan(1e-5);
});

test('ESM without a bundler: the import-mapped package scores on demand', async ({ page }) => {
  await page.goto('/examples/esm/');
  await page.getByRole('button', { name: 'Score this visit' }).click();
  await expect(page.locator('#out')).toContainText('"variant": "behavioral"');
  const out = JSON.parse((await page.locator('#out').textContent())!);
  expect(out.score.probability).toBeGreaterThan(0);
  expect(out.session.pageViews).toBe(1);
});

test('destroy() removes the listeners the tracker added, and a tracker started again adds no more', async ({
  page,
}) => {
  await page.goto('/examples/spa/');
  const cdp = await page.context().newCDPSession(page);
  const listeners = async () => {
    const count: Record<string, number> = {};
    for (const target of ['window', 'document']) {
      const { result } = await cdp.send('Runtime.evaluate', { expression: target });
      const { listeners: all } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
      for (const type of ['popstate', 'visibilitychange', 'pagehide', 'pageshow'])
        count[`${target} ${type}`] = all.filter((l) => l.type === type).length;
    }
    return count;
  };
  type Tracker = { score(): Promise<unknown>; destroy(): void };
  await page.evaluate(() => (window as unknown as { intentTracker: Tracker }).intentTracker.score()); // loads the scoring half
  const running = await listeners();
  await page.evaluate(() => (window as unknown as { intentTracker: Tracker }).intentTracker.destroy());
  const destroyed = await listeners();
  // The route watcher's popstate, the core's pageshow (back/forward cache) and pagehide (pending views), and
  // the scoring half's visibilitychange and pagehide (web vitals keep theirs).
  expect(destroyed).toEqual({
    ...running,
    'window popstate': running['window popstate'] - 1,
    'window pageshow': running['window pageshow'] - 1,
    'document visibilitychange': running['document visibilitychange'] - 1,
    'window pagehide': running['window pagehide'] - 2,
  });
  expect(await page.evaluate(() => history.pushState.toString())).toContain('[native code]');

  await page.evaluate(async () => {
    const sdk = (await import('/dist/index.js' as string)) as { initIntentTracker(cb: () => void, o: object): Tracker };
    const again = sdk.initIntentTracker(() => {}, { spa: true });
    await again.score();
    again.destroy();
  });
  expect(await listeners()).toEqual(destroyed);

  // Destroyed before its first idle callback: the scoring half that page view queued is never started.
  await page.evaluate(async () => {
    const sdk = (await import('/dist/index.js' as string)) as { initIntentTracker(cb: () => void, o: object): Tracker };
    sdk.initIntentTracker(() => {}, {}).destroy();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the page view's store write, then idle
  });
  expect(await listeners()).toEqual(destroyed);
});
