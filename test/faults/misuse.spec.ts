import { browse, demoOptions, expect, recordEvents, test } from '../e2e/fixtures';
import { blankPage, fault } from './helpers';

test.describe(() => {
  // Random strings given as configUrl or pageStats are fetched, and Chromium logs their 404s itself.
  test.use({ allowHttpErrors: true });
  test('1,000 seeded invalid options and calls: nothing throws, each invalid input is reported once, naming its field', async ({
    page,
  }) => {
    fault(
      'Config and API misuse',
      '1,000 seeded invalid option objects and method calls (wrong types, NaN, Infinity, negative thresholds, huge arrays, __proto__ and constructor keys, strings where functions belong)',
      'zero throws into the page; each invalid input reported once through onError with a message naming the field; no prototype pollution',
    );
    await blankPage(page);
    await page.goto('/faults/blank.html');
    const result = await page.evaluate(async () => {
      let seed = 20261121;
      const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
      const huge = new Array(100_000).fill({ id: 'x', below: 0.1 });
      const proto = JSON.parse('{"__proto__": {"polluted": true}}');
      const ctor = JSON.parse('{"constructor": {"prototype": {"polluted": true}}}');
      // For each field, values that must be rejected and reported under that field's name.
      const invalid: Record<string, unknown[]> = {
        threshold: [-1, 2, NaN, Infinity, -Infinity, 'x', null, [0.1], {}],
        offers: [
          'x',
          5,
          [{ id: '', below: 0.1 }],
          [{ id: 'a', below: 2 }],
          [{ id: 'a', below: -0.5 }],
          huge,
          [null],
          proto,
        ],
        minPageViews: [-1, 1.5, 'x', NaN, Infinity, 1e9],
        minSessionSeconds: [-5, 'x', NaN, Infinity],
        maxOffersPerSession: [-1, 0.5, 'x', Infinity],
        cooldownDays: [-1, 'x', NaN, 1e9],
        holdout: [-0.1, 1.5, NaN, 'half'],
        specialDays: ['x', [{ date: 'xmas' }], [{ date: '12-25', peakDaysBefore: -1 }], huge],
        configUrl: [5, {}, true, []],
        pageStats: [5, true],
        pageTypes: ['x', { product: 'x' }, { shoes: [] }, { product: new Array(1000).fill('/x') }, { product: [5] }],
        spa: ['yes', 1, {}],
        sessionTimeoutMinutes: [-5, 'x', NaN, Infinity, 0],
        respectPrivacySignals: ['no', 0],
        requireConsent: ['yes', 1],
        holdoutArm: ['both', 5, {}],
        onHoldout: ['alert(1)', 5, {}],
        debug: ['yes', 1],
        requestTimeoutMs: [-1, 'x', NaN, Infinity, 0],
        assetBaseUrl: [5, {}, null],
        modelBaseUrl: [5, {}],
        treshold: [0.2],
        __proto__: [{ polluted: true }],
        constructor: [{ prototype: { polluted: true } }],
      };
      const junk = [
        undefined,
        null,
        NaN,
        Infinity,
        -1,
        0,
        1.5,
        1e12,
        '',
        'x',
        '<img src=x onerror=alert(1)>',
        'alert(1)',
        [],
        [1, 2],
        huge,
        {},
        proto,
        ctor,
        () => {},
        () => {
          throw new Error('boom');
        },
        true,
        new Date(0),
        /re/,
      ];
      const fields = Object.keys(invalid).concat(['__proto__']);
      const w = window as unknown as {
        IntentTracker: { initIntentTracker(cb: unknown, opts: unknown): Record<string, (...a: unknown[]) => unknown> };
      };
      let throws = 0;
      let rejections = 0;
      const problems: string[] = [];
      const callRandomly = async (t: Record<string, (...a: unknown[]) => unknown>) => {
        for (let k = 0; k < 3; k++) {
          const method = pick(['trackPageView', 'recordPurchase', 'setConsent', 'score', 'getSession', 'destroy']);
          try {
            const r = t[method](pick(junk), pick(junk));
            if (r instanceof Promise)
              await r.catch(() => {
                rejections++;
              });
          } catch {
            throws++;
          }
        }
      };
      for (let i = 0; i < 1000; i++) {
        const messages: string[] = [];
        const onError = (e: { message: string }) => messages.push(e.message);
        let field: string;
        let options: unknown;
        let callback: unknown = () => {};
        const kind = i % 10;
        if (kind === 8) {
          field = 'onLowIntent';
          callback = pick(['x', 5, {}, [], true]);
          options = { onError, requireConsent: true };
        } else if (kind === 9) {
          field = 'options';
          options = pick(['x', 5, true]);
        } else {
          field = pick(fields.slice(0, -1));
          const o: Record<string, unknown> = { onError, requireConsent: true };
          if (field === '__proto__')
            Object.defineProperty(o, '__proto__', { value: pick(invalid.__proto__), enumerable: true });
          else o[field] = pick(invalid[field]);
          options = o;
        }
        let tracker: Record<string, (...a: unknown[]) => unknown> | undefined;
        try {
          tracker = w.IntentTracker.initIntentTracker(callback, options);
        } catch {
          throws++;
        }
        if (tracker) await callRandomly(tracker);
        tracker?.destroy();
        // 'options must be an object' can only go to the console: there is no onError to receive it.
        const named =
          field === 'options'
            ? []
            : messages.filter((m) => m.includes(field === 'onLowIntent' ? 'onLowIntent' : `options.${field}`));
        if (field !== 'options' && named.length !== 1)
          problems.push(
            `#${i} ${field}=${String((options as Record<string, unknown>)[field])}: ${JSON.stringify(messages)}`,
          );
      }
      // Fully random option objects, for robustness only.
      for (let i = 0; i < 200; i++) {
        const o: Record<string, unknown> = { requireConsent: pick([true, false, 'x']) };
        for (let k = 0; k < 4; k++) o[pick(fields)] = pick(junk);
        try {
          const t = w.IntentTracker.initIntentTracker(pick(junk), o);
          await callRandomly(t);
          t.destroy();
        } catch {
          throws++;
        }
      }
      return {
        throws,
        rejections,
        problems: problems.slice(0, 5),
        problemCount: problems.length,
        polluted:
          ({} as Record<string, unknown>).polluted ??
          Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'),
      };
    });
    expect(result.throws).toBe(0);
    expect(result.rejections).toBe(0);
    expect(result.problems).toEqual([]);
    expect(result.problemCount).toBe(0);
    expect(result.polluted).toBe(false);
  });
});

test('offer fields from the config file cannot inject HTML into the banner', async ({ page }) => {
  fault(
    'Config and API misuse',
    'HTML in offer fields of the config file',
    'the banner shows the text literally; no element or request is created from it',
  );
  await recordEvents(page);
  await demoOptions(page, { debug: false });
  await page.route('**/examples/shop/intent-config.json', (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        offers: [
          {
            id: 'xss',
            below: 0.99,
            headline: '<img src=x onerror="window.pwned=1">Deal',
            text: '<script>window.pwned=2</script>',
          },
        ],
      }),
    }),
  );
  await page.clock.install({ time: new Date(2026, 10, 20, 10) });
  await browse(page, ['index.html', 'about.html', 'shipping.html']);
  const banner = page.locator('#offer-banner');
  await expect(banner.locator('strong')).toHaveText('<img src=x onerror="window.pwned=1">Deal');
  await expect(banner.locator('img, script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
});

test('non-object options next to data-config do not throw', async ({ page }) => {
  fault(
    'Config and API misuse',
    'a number, string or boolean as options when the script tag has data-config',
    'no throw; the tracker starts with defaults (the config file still applies)',
  );
  await page.route('**/faults/data-config.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html><head><meta name="intent-page-type" content="product"><script src="/dist/intent-tracker.min.js" data-config="/examples/shop/intent-config.json"></script></head><body></body></html>',
    }),
  );
  await page.goto('/faults/data-config.html');
  const outcome = await page.evaluate(() => {
    const w = window as unknown as {
      IntentTracker: { initIntentTracker(cb: unknown, o: unknown): { destroy(): void } };
    };
    try {
      for (const o of [0.2, 'x', true]) w.IntentTracker.initIntentTracker(() => {}, o).destroy();
      return 'no throw';
    } catch (e) {
      return String(e);
    }
  });
  expect(outcome).toBe('no throw');
  // The config file still applies: null and a number as options both fetch it.
  for (const o of [null, 0.2]) {
    await page.goto('/faults/data-config.html');
    const fetched = page.waitForRequest('**/examples/shop/intent-config.json');
    await page.evaluate(async (o) => {
      const w = window as unknown as {
        IntentTracker: { initIntentTracker(cb: unknown, o: unknown): { score(): Promise<unknown> } };
      };
      await w.IntentTracker.initIntentTracker(() => {}, o).score();
    }, o);
    await fetched;
  }
});
