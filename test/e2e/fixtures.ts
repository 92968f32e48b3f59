import { expect, test as base, type Page } from '@playwright/test';

/** What every test checks at its end: the page never errored and nothing left localhost. */
interface Watch {
  consoleErrors: string[];
  pageErrors: string[];
  foreignRequests: string[];
}

/**
 * `test` with an automatic guard: every test fails if the page logged a console error, threw an
 * uncaught exception, or requested any host but localhost.
 */
export const test = base.extend<{ watch: Watch; allowHttpErrors: boolean; expectedBrowserErrors: RegExp[] }>({
  /** Fault tests that answer requests with 404/500 set this: Chromium itself logs those responses. */
  allowHttpErrors: [false, { option: true }],
  /** Console errors the browser itself logs for a fault the test injects on purpose. */
  expectedBrowserErrors: [[], { option: true }],
  watch: [
    async ({ context, allowHttpErrors, expectedBrowserErrors }, use) => {
      const watch: Watch = { consoleErrors: [], pageErrors: [], foreignRequests: [] };
      context.on('console', (m) => {
        if (m.type() !== 'error') return;
        if (allowHttpErrors && m.text().startsWith('Failed to load resource')) return;
        if (expectedBrowserErrors.some((re) => re.test(m.text()))) return;
        watch.consoleErrors.push(m.text());
      });
      context.on('weberror', (e) => watch.pageErrors.push(String(e.error())));
      context.on('request', (r) => {
        const host = new URL(r.url()).hostname;
        if (!['localhost', '127.0.0.1'].includes(host) && !r.url().startsWith('data:'))
          watch.foreignRequests.push(r.url());
      });
      await use(watch);
      expect(watch.pageErrors, 'uncaught exceptions').toEqual([]);
      expect(watch.consoleErrors, 'console errors').toEqual([]);
      expect(watch.foreignRequests, 'requests leaving localhost').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Records every `intenttracker:*` event of every page in the context into window.__intent. */
export async function recordEvents(page: Page): Promise<void> {
  await page.context().addInitScript(() => {
    const w = window as unknown as { __intent: { type: string; detail: unknown }[] };
    w.__intent = [];
    for (const type of ['intenttracker:lowintent', 'intenttracker:decision']) {
      window.addEventListener(type, (e) => w.__intent.push({ type, detail: (e as CustomEvent).detail }));
    }
  });
}

/** Waits for this page's next offer decision (made after the page view, when the page is idle). */
export async function nextDecision(
  page: Page,
): Promise<{ action: string; reason?: string; probability?: number; pageViews: number; offer?: { id: string } }> {
  const handle = await page.waitForFunction(
    () => {
      const w = window as unknown as { __intent?: { type: string; detail: unknown }[] };
      return w.__intent?.find((e) => e.type === 'intenttracker:decision')?.detail;
    },
    undefined,
    { timeout: 20_000 },
  );
  return (await handle.jsonValue()) as Awaited<ReturnType<typeof nextDecision>>;
}

/** The page's offer events so far. */
export async function offers(page: Page): Promise<Record<string, unknown>[]> {
  return page.evaluate(() =>
    ((window as unknown as { __intent?: { type: string; detail: Record<string, unknown> }[] }).__intent ?? [])
      .filter((e) => e.type === 'intenttracker:lowintent')
      .map((e) => e.detail),
  );
}

/** Options the demo shop merges into its tracker options (its documented test hook). */
export async function demoOptions(page: Page, options: Record<string, unknown>): Promise<void> {
  await page.context().addInitScript((o) => {
    (window as unknown as { intentDemoOptions: unknown }).intentDemoOptions = o;
  }, options);
}

/**
 * The raw record the SDK stored in IndexedDB, or null when there is none. Never creates the
 * database: opening a database that does not exist would create an empty one under the SDK.
 */
export async function storedState(page: Page): Promise<unknown> {
  return page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    if (!dbs.some((d) => d.name === 'intent-tracker')) return null;
    return new Promise((resolve) => {
      const req = indexedDB.open('intent-tracker');
      req.onsuccess = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains('kv')) return resolve(null);
        const get = db.transaction('kv').objectStore('kv').get('state');
        get.onsuccess = () => {
          resolve(get.result ?? null);
          db.close();
        };
        get.onerror = () => resolve(null);
      };
      req.onerror = () => resolve(null);
    });
  });
}

/** The tracker's view of the session, from the page (the demo exposes its tracker as window.intentTracker). */
export async function session(page: Page): Promise<Record<string, any> | null> {
  return page.evaluate(() =>
    (window as unknown as { intentTracker: { getSession(): Promise<unknown> } }).intentTracker.getSession(),
  ) as Promise<Record<string, any> | null>;
}

/** Opens the demo shop's pages in order, spending `seconds` (fake clock) on each; returns the last decision. */
export async function browse(page: Page, paths: string[], seconds = 20): ReturnType<typeof nextDecision> {
  let decision: Awaited<ReturnType<typeof nextDecision>> | undefined;
  for (const p of paths) {
    await page.goto(`/examples/shop/${p}`);
    decision = await nextDecision(page);
    await page.clock.fastForward(seconds * 1000);
  }
  return decision!;
}

export { readmeSnippet } from '../helpers/readme';
