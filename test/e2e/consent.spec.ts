import type { Page } from '@playwright/test';
import { expect, session, storedState, test } from './fixtures';

/**
 * Consent from the page's consent platform (`consentFrom`): fake CMPs in the page, the script-tag
 * build, and the SDK observed through its session and what it stored in IndexedDB.
 */

/** TCF answers: the visitor's consent to purposes 1, 5 and 6, to none, or GDPR not applying. */
const ALL = { gdprApplies: true, purpose: { consents: { 1: true, 5: true, 6: true } } };
const NONE = { gdprApplies: true, purpose: { consents: {} } };

/**
 * An init script: a TCF CMP that starts as the usual stub queueing calls, and loads 300 ms later,
 * replaying them. It remembers the visitor's answer across pages (localStorage), shows its UI when
 * there is none, and exposes `__cmp.answer(tcData)` (the visitor clicking) and `__cmp.removed`.
 */
function fakeTcf(): void {
  type Cb = (d: unknown, ok: boolean) => void;
  const w = window as unknown as Record<string, unknown> & {
    __tcfapi: ((...a: unknown[]) => void) & { a?: IArguments[] };
  };
  const stub = ((...a: unknown[]) => void (stub.a ??= []).push(a as unknown as IArguments)) as typeof w.__tcfapi;
  w.__tcfapi = stub;
  const listeners: [number, Cb][] = [];
  const removed: unknown[] = [];
  const saved = () => JSON.parse(localStorage.getItem('fake-tcf') ?? 'null') as Record<string, unknown> | null;
  const send = (status: string, cb: Cb, id: number) =>
    cb({ ...(saved() ?? {}), eventStatus: status, listenerId: id }, true);
  const api = (cmd: string, _v: number, cb: Cb, arg?: unknown) => {
    if (cmd === 'addEventListener') {
      const id = listeners.push([listeners.length + 1, cb]);
      send(saved() ? 'tcloaded' : 'cmpuishown', cb, id);
    } else if (cmd === 'removeEventListener') removed.push(arg);
  };
  w.__cmp = {
    removed,
    answer: (tcData: unknown) => {
      localStorage.setItem('fake-tcf', JSON.stringify(tcData));
      for (const [id, cb] of listeners) send('useractioncomplete', cb, id);
    },
  };
  setTimeout(() => {
    w.__tcfapi = api as typeof w.__tcfapi;
    for (const args of stub.a ?? []) (api as (...a: unknown[]) => void)(...Array.from(args));
  }, 300);
}

/** Serves /consent/*.html: a product page that starts the script-tag build with `window.consentOptions`, collecting onError into `window.errors`. */
async function consentPages(page: Page, options: Record<string, unknown>): Promise<void> {
  await page.context().addInitScript((o) => {
    (window as unknown as { consentOptions: unknown }).consentOptions = o;
  }, options);
  await page.route('**/consent/*.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html><head><meta name="intent-page-type" content="product">
<script src="/dist/intent-tracker.min.js"></script>
<script>window.errors = []; window.intentTracker = IntentTracker.initIntentTracker(null, Object.assign({ onError: function (e) { errors.push(e.code + ': ' + e.message); } }, window.consentOptions));</script>
</head><body><h1>consent</h1></body></html>`,
    }),
  );
}

const requested = (page: Page, file: string) =>
  page.evaluate((f) => performance.getEntriesByType('resource').some((r) => r.name.endsWith(f)), file);
const errors = (page: Page) => page.evaluate(() => (window as unknown as { errors: string[] }).errors);
const cmp = (page: Page, tcData: unknown) =>
  page.evaluate((d) => (window as unknown as { __cmp: { answer(d: unknown): void } }).__cmp.answer(d), tcData);
/** The SDK has had its chance to act on the platform's answer: its consent chunk ran, and then some. */
async function settled(page: Page): Promise<void> {
  await expect.poll(() => requested(page, '/dist/intent-consent.js')).toBe(true);
  await page.waitForTimeout(500);
}
const noDatabase = async (page: Page) =>
  expect(await page.evaluate(() => indexedDB.databases().then((d) => d.map((x) => x.name)))).not.toContain(
    'intent-tracker',
  );

test.describe('IAB TCF', () => {
  test.beforeEach(async ({ page }) => {
    await page.context().addInitScript(fakeTcf);
    await consentPages(page, { consentFrom: 'tcf' });
  });

  test('nothing is stored while the CMP asks; its grant starts tracking, and later pages count; destroy removes the listener', async ({
    page,
  }) => {
    await page.goto('/consent/a.html');
    await settled(page);
    expect(await session(page)).toBeNull();
    await noDatabase(page);
    await cmp(page, ALL);
    await expect.poll(async () => (await session(page))?.pageViews).toBe(1);
    await expect.poll(() => storedState(page)).not.toBeNull();
    await page.goto('/consent/b.html'); // the CMP answers tcloaded with the remembered grant
    await expect.poll(async () => (await session(page))?.pageViews, { timeout: 10_000 }).toBe(2);
    await page.evaluate(() => (window as unknown as { intentTracker: { destroy(): void } }).intentTracker.destroy());
    expect(await page.evaluate(() => (window as unknown as { __cmp: { removed: unknown[] } }).__cmp.removed)).toEqual([
      1,
    ]);
  });

  test('denied: nothing is stored or loaded, on this page or the next', async ({ page }) => {
    await page.goto('/consent/a.html');
    await settled(page);
    await cmp(page, NONE);
    await page.waitForTimeout(500);
    await page.goto('/consent/b.html');
    await settled(page);
    expect(await session(page)).toBeNull();
    await noDatabase(page);
    expect(await requested(page, '/dist/intent-scoring.js')).toBe(false);
    expect(await errors(page)).toEqual([]);
  });

  test('GDPR not applying grants', async ({ page }) => {
    await page.goto('/consent/a.html');
    await settled(page);
    await cmp(page, { gdprApplies: false });
    await expect.poll(async () => (await session(page))?.pageViews).toBe(1);
  });

  test('withdrawn after the grant: storage is wiped and nothing more is counted', async ({ page }) => {
    await page.goto('/consent/a.html');
    await settled(page);
    await cmp(page, ALL);
    await expect.poll(async () => (await session(page))?.pageViews).toBe(1);
    await page.goto('/consent/b.html');
    await expect.poll(async () => (await session(page))?.pageViews, { timeout: 10_000 }).toBe(2);
    await expect.poll(() => storedState(page)).not.toBeNull();
    await cmp(page, NONE);
    await expect.poll(() => storedState(page)).toBeNull();
    expect(await session(page)).toBeNull();
    await page.goto('/consent/c.html');
    await settled(page);
    expect(await session(page)).toBeNull();
    expect(await storedState(page)).toBeNull();
  });

  test('Global Privacy Control wins over a CMP that grants: nothing is tracked, the consent chunk is not even loaded', async ({
    page,
  }) => {
    await page
      .context()
      .addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    await page.goto('/consent/a.html');
    await cmp(page, ALL);
    await page.goto('/consent/b.html');
    await page.waitForTimeout(1000);
    expect(await session(page)).toBeNull();
    await noDatabase(page);
    expect(await requested(page, '/dist/intent-consent.js')).toBe(false);
  });
});

test('a throwing __tcfapi does not break the page and is reported; nothing is tracked', async ({ page }) => {
  await page.context().addInitScript(() => {
    (window as unknown as { __tcfapi: () => void }).__tcfapi = () => {
      throw new Error('CMP bug');
    };
  });
  await consentPages(page, { consentFrom: 'tcf', requestTimeoutMs: 1000 });
  await page.goto('/consent/a.html');
  await expect
    .poll(() => errors(page))
    .toContain("consent: consentFrom 'tcf': __tcfapi('addEventListener') threw: Error: CMP bug");
  await expect
    .poll(() => errors(page))
    .toContain(
      "consent: consentFrom 'tcf': no answer from window.__tcfapi within 1000 ms; nothing is tracked until it answers",
    );
  await expect(page.locator('h1')).toHaveText('consent');
  expect(await session(page)).toBeNull();
  await noDatabase(page);
});

test('no CMP on the page: reported after the request timeout, nothing is tracked', async ({ page }) => {
  await consentPages(page, { consentFrom: 'tcf', requestTimeoutMs: 800 });
  await page.goto('/consent/a.html');
  await expect
    .poll(() => errors(page))
    .toEqual([
      "consent: consentFrom 'tcf': no answer from window.__tcfapi within 800 ms; nothing is tracked until it answers",
    ]);
  expect(await session(page)).toBeNull();
});

test('intent-consent.js failing to load is reported and leaves tracking waiting', async ({ page }) => {
  await page.route('**/dist/intent-consent.js', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: 'throw new Error("broken chunk")' }),
  );
  await page.context().addInitScript(fakeTcf);
  await consentPages(page, { consentFrom: 'tcf' });
  await page.goto('/consent/a.html');
  await expect.poll(() => errors(page)).toEqual(['consent: loading intent-consent.js failed: broken chunk']);
  await cmp(page, ALL);
  await page.waitForTimeout(500);
  expect(await session(page)).toBeNull();
});

test.describe('Google Consent Mode', () => {
  /** gtag as the page defines it, after the SDK: the dataLayer does not exist when the SDK starts. */
  const gtag = (page: Page, kind: string, values: Record<string, string>) =>
    page.evaluate(
      ([kind, values]) => {
        const w = window as unknown as { dataLayer: unknown[] };
        w.dataLayer = w.dataLayer || [];
        // gtag pushes its arguments object (not an array): that is what the SDK must read.
        const gtag = function (..._a: unknown[]) {
          // eslint-disable-next-line prefer-rest-params
          w.dataLayer.push(arguments);
        };
        gtag('consent', kind, values);
      },
      [kind, values] as const,
    );

  test('default denied, update granted, update denied: tracked only in between, then wiped, each answer logged with its source; an earlier push wrapper keeps working', async ({
    page,
  }) => {
    // A GTM-like wrapper of dataLayer.push, installed before the SDK on every page.
    await page.context().addInitScript(() => {
      const w = window as unknown as { dataLayer: unknown[]; seenByTagManager: number };
      w.dataLayer = [];
      w.seenByTagManager = 0;
      const push = w.dataLayer.push;
      w.dataLayer.push = function (...items: unknown[]) {
        w.seenByTagManager += items.length;
        return push.apply(this, items);
      };
    });
    const logged: string[] = [];
    page.on('console', (m) => m.text().startsWith('[intent-tracker] consent') && logged.push(m.text()));
    await consentPages(page, { consentFrom: 'google-consent-mode', debug: true });
    await page.goto('/consent/a.html');
    await gtag(page, 'default', { analytics_storage: 'denied', ad_storage: 'denied' });
    await settled(page);
    expect(await session(page)).toBeNull();
    await noDatabase(page);
    await gtag(page, 'update', { ad_storage: 'granted' }); // not what the SDK needs
    await page.waitForTimeout(300);
    expect(await session(page)).toBeNull();
    await gtag(page, 'update', { analytics_storage: 'granted' });
    await expect.poll(async () => (await session(page))?.pageViews).toBe(1);
    await expect.poll(() => storedState(page)).not.toBeNull();
    await gtag(page, 'update', { analytics_storage: 'denied' });
    await expect.poll(() => storedState(page)).toBeNull();
    expect(await session(page)).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { seenByTagManager: number }).seenByTagManager)).toBe(4);
    // The debug log names the source of each answer.
    expect(logged).toEqual([
      '[intent-tracker] consent denied by Google Consent Mode',
      '[intent-tracker] consent granted by Google Consent Mode',
      '[intent-tracker] consent withdrawn by Google Consent Mode',
    ]);
  });

  test('a dataLayer created after the SDK with the grant already in it is read', async ({ page }) => {
    await consentPages(page, { consentFrom: 'google-consent-mode' });
    await page.goto('/consent/a.html');
    await settled(page);
    expect(await session(page)).toBeNull();
    await page.evaluate(() => {
      (window as unknown as { dataLayer: unknown[] }).dataLayer = [
        ['consent', 'default', { analytics_storage: 'granted' }],
      ];
    });
    await expect.poll(async () => (await session(page))?.pageViews).toBe(1);
  });

  test('a dataLayer that is not an array is reported and nothing is tracked', async ({ page }) => {
    await page.context().addInitScript(() => {
      (window as unknown as { dataLayer: unknown }).dataLayer = { push: 1 };
    });
    await consentPages(page, { consentFrom: 'google-consent-mode', requestTimeoutMs: 800 });
    await page.goto('/consent/a.html');
    await expect
      .poll(() => errors(page))
      .toContain("consent: consentFrom 'google-consent-mode': window.dataLayer is not an array");
    expect(await session(page)).toBeNull();
  });
});
