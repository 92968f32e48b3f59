import type { Page, Route } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { browse, demoOptions, expect, nextDecision, offers, recordEvents, session, test } from '../e2e/fixtures';
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

/** Each bad config answer, with what the error and the decision reason say after the file's URL. */
const configAnswers: [string, Answer, string][] = [
  ['404', answers['404'], 'answered HTTP 404'],
  ['500', answers['500'], 'answered HTTP 500'],
  ['invalid JSON', answers['invalid JSON'], 'is not valid JSON'],
  [HANGS, answers[HANGS], 'did not answer within 10000 ms'],
  ['network failure', (r) => r.abort('failed'), 'could not be fetched \\(Failed to fetch\\)'],
];

for (const [name, answer, cause] of configAnswers) {
  test(`config file: ${name}`, async ({ page }) => {
    fault(
      'Model and files',
      `marketer config: ${name}`,
      'fail safe: no offer at all; page views counted; one config error and the decision reason name the file and the cause',
    );
    await thirdPageWith(page, '**/examples/shop/intent-config.json', answer, name === HANGS);
    const said = new RegExp(`^the config file /examples/shop/intent-config\\.json ${cause}; offers are off`);
    await expectError(page, said);
    const decision = await nextDecision(page);
    expect(decision.action).toBe('none');
    expect(decision.reason).toMatch(said);
    expect((await session(page))!.pageViews).toBe(3);
    await shopStillWorks(page);
  });
}

test('config file: 404 while code sets a threshold', async ({ page }) => {
  fault(
    'Model and files',
    'data-config names a file that answers 404 while code sets a threshold',
    'no offer; onError, the debug log and every decision reason name the file and HTTP 404 and say to leave out data-config when there is no file',
  );
  await demoOptions(page, { threshold: 0.99, debug: true });
  const logged: unknown[] = [];
  page.on('console', async (m) => {
    const args = await Promise.all(m.args().map((a) => a.jsonValue().catch(() => null)));
    if (args[0] === '[intent-tracker]' && args[1] === 'decision') logged.push(args[2]);
  });
  await page.route('**/examples/shop/intent-config.json', answers['404']);
  const said =
    /^the config file \/examples\/shop\/intent-config\.json answered HTTP 404; offers are off until it loads \(.*data-config.*\)$/;
  const decisions = [];
  for (const p of ['index.html', 'about.html', 'shipping.html']) {
    await page.goto(`/examples/shop/${p}`);
    decisions.push(await nextDecision(page));
    await expectError(page, said);
    await page.clock.fastForward(20_000);
  }
  for (const d of decisions) {
    expect(d.action).toBe('none');
    expect(d.reason).toMatch(said);
  }
  await expect.poll(() => logged.length).toBe(3);
  for (const d of logged) expect((d as { reason: string }).reason).toMatch(said);
  expect(await offers(page)).toEqual([]);
  await expect(page.locator('#offer-banner')).toBeHidden();
});

for (const [name, answer] of Object.entries(answers)) {
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
