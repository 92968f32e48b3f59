import { readTemplate } from '../helpers/gtm-template';
import { expect, nextDecision, recordEvents, test } from './fixtures';

// The GTM template's sandboxed JS run in Chromium against the real dist/intent-tracker.min.js: a small
// stand-in for GTM's sandbox APIs (below; no permission checks, which test/unit/gtm-template.test.ts
// covers) on the real window. It proves the queue entry the template leaves is one the real SDK
// replays, and that its onLowIntent reaches the dataLayer. GTM itself is not run.
const code = readTemplate().get('___SANDBOXED_JS_FOR_WEB_TEMPLATE___')!;

/** Browser-side stand-ins for GTM's APIs; values cross as copies, functions wrapped, as in GTM. */
function sandboxRuntime(): void {
  type Fn = (...args: unknown[]) => unknown;
  const w = window as unknown as Record<string, unknown>;
  const cross = (v: unknown): unknown =>
    typeof v === 'function'
      ? (...a: unknown[]) => cross((v as Fn)(...a.map(cross)))
      : Array.isArray(v)
        ? v.map(cross)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cross(x)]))
          : v;
  const walk = (key: string) => {
    const path = key.split('.');
    const last = path.pop()!;
    const parent = path.reduce<Record<string, unknown> | undefined>(
      (o, p) => o?.[p] as Record<string, unknown> | undefined,
      w,
    );
    return { parent, last };
  };
  const get = (key: string) => walk(key).parent?.[walk(key).last];
  const put = (key: string, value: unknown) => {
    const { parent, last } = walk(key);
    parent![last] = value;
  };
  const apis: Record<string, Fn> = {
    injectScript: (url, onSuccess, onFailure) => {
      const s = document.createElement('script');
      s.src = String(url);
      s.onload = () => (onSuccess as Fn)();
      s.onerror = () => (onFailure as Fn)();
      document.head.appendChild(s);
    },
    setInWindow: (key, value, override) =>
      get(String(key)) !== undefined && !override ? false : (put(String(key), cross(value)), true),
    copyFromWindow: (key) => cross(get(String(key))),
    callInWindow: (key, ...args) => {
      const { parent, last } = walk(String(key));
      return cross((parent![last] as Fn).apply(parent, args.map(cross)));
    },
    createQueue: (key) => {
      if (!Array.isArray(get(String(key)))) put(String(key), []);
      return (v: unknown) => (get(String(key)) as unknown[]).push(cross(v));
    },
    logToConsole: (...args) => console.log(...args),
    makeNumber: (v) => Number(v),
  };
  w.__gtm = { ran: [] as string[] };
  w.__runTemplate = (source: string, data: Record<string, unknown>) => {
    const ran = (w.__gtm as { ran: string[] }).ran;
    const gtm = { gtmOnSuccess: () => ran.push('success'), gtmOnFailure: () => ran.push('failure') };
    new Function('require', 'data', source)((name: string) => apis[name], { ...data, ...gtm });
  };
}

test.use({ allowHttpErrors: true });

test("the template's sandboxed JS, run on a page with the real SDK: the queued call is replayed, three pages, intent_low in the dataLayer", async ({
  page,
  baseURL,
}) => {
  await recordEvents(page);
  await page.clock.install({ time: new Date(2026, 10, 20, 10, 0, 0) });
  const asked: string[] = [];
  for (const file of ['**/intent-config.json', '**/page-stats.json'])
    await page.route(file, (route) => {
      asked.push(route.request().url());
      return route.fulfill({ status: 404, body: 'not found' });
    });
  const fields = {
    sdkUrl: `${baseURL}/dist/intent-tracker.min.js`,
    configUrl: '',
    threshold: '0.3',
    spa: false,
    consent: 'none',
    eventName: 'intent_low',
    debug: false,
  };
  await page.route('**/gtm-*.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><meta name="intent-page-type" content="informational">
      <script>(${sandboxRuntime.toString()})();
      window.__runTemplate(${JSON.stringify(code)}, ${JSON.stringify(fields)});
      window.__queuedBeforeLoad = window.IntentTracker.q.length;</script>
      </head><body><h1>GTM template</h1></body></html>`,
    }),
  );
  const decisions = [];
  for (const p of ['gtm-1.html', 'gtm-2.html', 'gtm-3.html']) {
    await page.goto(`/${p}`);
    decisions.push(await nextDecision(page));
    await page.clock.fastForward(20_000);
  }
  const state = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    return {
      queued: w.__queuedBeforeLoad,
      loaded: (w.IntentTracker as { loaded?: boolean }).loaded,
      ran: (w.__gtm as { ran: string[] }).ran,
      layer: w.dataLayer as Record<string, unknown>[],
    };
  });
  expect(state.queued).toBe(1);
  expect(state.loaded).toBe(true);
  expect(state.ran).toEqual(['success']);
  // No window.intentTracker with the template (see examples/gtm/README.md): the documented way in.
  const counts = await page.evaluate(async () => {
    const it = (
      window as unknown as { IntentTracker: { initIntentTracker: () => { getSession: () => Promise<unknown> } } }
    ).IntentTracker;
    return ((await it.initIntentTracker().getSession()) as { counts: Record<string, number> }).counts;
  });
  expect(counts.informational).toBe(3);
  expect(decisions[2]).toMatchObject({ action: 'offer', offer: { id: 'default' } });
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { dataLayer?: unknown[] }).dataLayer))
    .toEqual([
      expect.objectContaining({
        event: 'intent_low',
        intent_offer_id: 'default',
        intent_offer: { id: 'default', below: 0.3 },
        intent_trigger: 'pageview',
        intent_page_views: 3,
        intent_arm: 'treatment',
      }),
    ]);
  expect(asked).toEqual([]);
});
