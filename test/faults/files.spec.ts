import type { Page, Route } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { browse, demoOptions, expect, nextDecision, recordEvents, session, test } from '../e2e/fixtures';
import { expectError, fault, shopStillWorks } from './helpers';

const MORNING = new Date(2026, 10, 20, 10, 0, 0);
test.use({ allowHttpErrors: true });

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await demoOptions(page, { debug: false });
  await page.clock.install({ time: MORNING });
});

type Answer = (route: Route) => Promise<void> | void;
const modelJson = readFileSync('model/artifacts/full/model.json', 'utf8');
const weights = readFileSync('model/artifacts/full/weights.bin');
const answers: Record<string, Answer> = {
  '404': (r) => r.fulfill({ status: 404, body: 'missing' }),
  '500': (r) => r.fulfill({ status: 500, body: 'oops' }),
  'invalid JSON': (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"modelTopology": ' }),
  'no answer (timeout)': () => {
    /* never fulfilled: the request hangs until the SDK's timeout */
  },
};

const HANGS = 'no answer (timeout)';

/**
 * Opens two pages normally, then the third (the first one scored) with `pattern` answered badly.
 * A hanging answer is followed by a jump of the fake clock past the 10 s request timeout, but only
 * once the request is in flight: jumping earlier would fire unrelated timers of the page.
 */
async function thirdPageWith(page: Page, pattern: string, answer: Answer, hangs: boolean) {
  await browse(page, ['index.html', 'about.html']);
  await page.route(pattern, answer);
  const requested = page.waitForRequest(pattern);
  await page.goto('/examples/shop/shipping.html');
  await requested;
  if (hangs) await page.clock.fastForward(10_500);
}

/** The files come back: the next page scores and decides as usual. */
async function recovers(page: Page, pattern: string) {
  await page.unroute(pattern);
  await page.goto('/examples/shop/faq.html');
  const decision = await nextDecision(page);
  expect(typeof decision.probability).toBe('number');
  expect((await session(page))!.pageViews).toBe(4);
}

const model: [string, string, Answer, RegExp][] = [
  ...Object.entries(answers).map(([name, answer]): [string, string, Answer, RegExp] => [
    `model.json: ${name}`,
    '**/dist/models/full/model.json',
    answer,
    name === HANGS
      ? /scoring failed: .*model\.json timed out after 10000 ms/
      : name === 'invalid JSON'
        ? /scoring failed: .*model\.json/
        : new RegExp(`scoring failed: .*model\\.json.*${name}`),
  ]),
  [
    'weights truncated',
    '**/dist/models/full/weights.bin',
    (r) => r.fulfill({ status: 200, body: weights.subarray(0, 100) }),
    /scoring failed: .*weights\.bin/,
  ],
  [
    'weights of the wrong size',
    '**/dist/models/full/weights.bin',
    (r) => r.fulfill({ status: 200, body: Buffer.concat([weights, Buffer.alloc(64)]) }),
    /scoring failed: .*weights\.bin/,
  ],
  [
    'a topology the runtime does not support',
    '**/dist/models/full/model.json',
    (r) =>
      r.fulfill({
        status: 200,
        contentType: 'application/json',
        body: modelJson.replace(
          '"class_name":"Dense","config":{"units":80',
          '"class_name":"LSTM","config":{"units":80',
        ),
      }),
    /scoring failed: .*unsupported layer LSTM/,
  ],
  [
    'the inference chunk blocked',
    '**/dist/intent-runtime.js',
    (r) => r.abort('blockedbyclient'),
    /scoring failed: .*(dynamically imported module|intent-runtime)/,
  ],
  [
    `the inference chunk: ${HANGS}`,
    '**/dist/intent-runtime.js',
    answers[HANGS],
    /scoring failed: .*intent-runtime\.js did not load within 10000 ms/,
  ],
];

for (const [name, pattern, answer, message] of model) {
  test(`model files: ${name}`, async ({ page }) => {
    fault(
      'Model and files',
      name,
      'no offer; the page views are still counted; one model error naming the file; scores on a later page once the file is reachable',
    );
    await thirdPageWith(page, pattern, answer, name.endsWith(HANGS));
    await expectError(page, message);
    expect((await session(page))!.pageViews).toBe(3);
    await recovers(page, pattern);
    await shopStillWorks(page);
  });
}

for (const [name, answer] of Object.entries(answers)) {
  test(`config file: ${name}`, async ({ page }) => {
    fault(
      'Model and files',
      `marketer config: ${name}`,
      'fail safe: no offer at all; page views counted; one config error naming the file',
    );
    await thirdPageWith(page, '**/examples/shop/intent-config.json', answer, name === HANGS);
    await expectError(page, /config file could not be loaded: .*intent-config\.json/);
    const decision = await nextDecision(page);
    expect(decision).toMatchObject({ action: 'none', reason: 'no offer configured' });
    expect((await session(page))!.pageViews).toBe(3);
    await shopStillWorks(page);
  });

  test(`page statistics file: ${name}`, async ({ page }) => {
    fault(
      'Model and files',
      `page statistics: ${name}`,
      'scores with the behavioral model; page views counted; one page-stats error naming the file',
    );
    await page.route('**/examples/shop/page-stats.json', answer);
    const requested = page.waitForRequest('**/examples/shop/page-stats.json');
    await page.goto('/examples/shop/index.html');
    await requested;
    if (name === HANGS) await page.clock.fastForward(10_500); // the page view waits for the statistics, at most the timeout
    await expectError(
      page,
      /page statistics could not be loaded \(.*page-stats\.json.*\); scoring with the behavioral model/,
    );
    await expect.poll(async () => (await session(page))?.pageViews).toBe(1);
    const score = await page.evaluate(() =>
      (window as unknown as { intentTracker: { score(): Promise<{ variant: string } | null> } }).intentTracker.score(),
    );
    expect(score!.variant).toBe('behavioral');
    await shopStillWorks(page);
  });
}
