import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { fileHandler } from '../../model/src/artifacts/model-files';
import { encode } from '../../src/features/encode';
import type { EncoderSpec, SessionRecord } from '../../src/features/types';
import { statesOf, type Page } from '../../model/src/data/states';
import { browse, expect, offers, recordEvents, session, test } from './fixtures';

const START = new Date(2026, 10, 20, 10, 0, 0); // a local Friday morning in November

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await page.clock.install({ time: START });
});

test('a browsing-only visit through the script-tag build fires onLowIntent with a sane event', async ({ page }) => {
  const decision = await browse(page, ['index.html', 'about.html', 'shipping.html']);
  expect(decision.action, JSON.stringify(decision)).toBe('offer');
  await expect(page.locator('#offer-banner')).toBeVisible();
  const [event] = await offers(page);
  expect(event.probability).toBeGreaterThanOrEqual(0);
  expect(event.probability).toBeLessThan(0.3);
  expect((event.offer as { id: string }).id).toBe(
    (event.probability as number) < 0.1 ? 'ten-percent' : 'free-shipping',
  );
  expect(event.variant).toBe('full');
  const modelJson = JSON.parse(readFileSync('model/artifacts/full/model.json', 'utf8'));
  expect(event.modelVersion).toBe(modelJson.userDefinedMetadata.modelVersion);
  expect(event.sessionId).toMatch(/^[0-9a-f]{16}$/);
  expect(event.pageViews).toBe(3);
  expect(event.arm).toBe('treatment');
  const f = event.features as SessionRecord;
  expect(f).toMatchObject({
    Administrative: 0,
    Informational: 2,
    ProductRelated: 0,
    Month: 'Nov',
    Weekend: false,
    VisitorType: 'New_Visitor',
    SpecialDay: 0,
  });
  // about.html until shipping.html (20 s fast-forwarded, plus real navigation time); shipping.html counts 0 so far.
  expect(f.Informational_Duration).toBeGreaterThanOrEqual(20);
  expect(f.Informational_Duration).toBeLessThan(25);
  expect(f.PageValues).toBe(0);
  expect(f.ExitRates).toBeCloseTo((0.04 + 0.05 + 0.05) / 3, 6); // home, then about and shipping from the * entry
  expect(typeof event.vitals).toBe('object');
});

test('the browser scores exactly what Node scores for the same session: one encoder, one model', async ({ page }) => {
  await browse(page, ['index.html', 'about.html', 'shipping.html']);
  const [event] = await offers(page);
  const spec = JSON.parse(readFileSync('model/artifacts/full/encoder.json', 'utf8')) as EncoderSpec;
  const model = await tf.loadLayersModel(fileHandler('model/artifacts/full'));
  const x = encode(spec, event.features as SessionRecord);
  const p = (model.predict(tf.tensor2d(x, [1, x.length])) as tf.Tensor).dataSync()[0];
  expect(Math.abs(p - (event.probability as number))).toBeLessThan(1e-5);
});

test('a purchase-bound visit (cart and checkout, high page values) gets no offer', async ({ page }) => {
  const decision = await browse(page, ['product-trail-runner.html', 'cart.html', 'checkout.html']);
  expect(decision.action).toBe('none');
  expect(decision.probability).toBeGreaterThan(0.3);
  expect(await offers(page)).toEqual([]);
  await expect(page.locator('#offer-banner')).toHaveCount(0);
});

test('after three scripted page views the SDK encodes the same vector as the training simulation of those pages', async ({
  page,
}) => {
  // Product, then informational, then product: the state at page view 3 counts three pages and the
  // durations of the first two (the third is being viewed).
  await browse(page, ['product-trail-runner.html', 'about.html', 'product-headlamp.html']);
  const live = ((await session(page)) as { features: SessionRecord }).features;
  expect([live.ProductRelated, live.Informational, live.Administrative]).toEqual([2, 1, 0]);
  // The pages as the simulation lays them out, with the durations the browser measured for each.
  const pages: Page[] = [
    { type: 'product', seconds: live.ProductRelated_Duration },
    { type: 'informational', seconds: live.Informational_Duration },
    { type: 'product', seconds: 0 },
  ];
  // The session's calendar, visitor type and averaged page statistics, as a UCI row gives them.
  const row: SessionRecord = { ...live, ProductRelated: 2, Informational: 1, Administrative: 0 };
  const simulated = statesOf(row, pages)[2];
  for (const variant of ['full', 'behavioral']) {
    const spec = JSON.parse(readFileSync(`model/artifacts/${variant}/encoder.json`, 'utf8')) as EncoderSpec;
    expect(Array.from(encode(spec, simulated)), variant).toEqual(Array.from(encode(spec, live)));
  }
});
