import { browse, demoOptions, expect, recordEvents, session, test } from '../e2e/fixtures';
import { denyIndexedDB, errors, expectError, fault, shopStillWorks } from './helpers';

const MORNING = new Date(2026, 10, 20, 10, 0, 0);
const STORAGE = 'Storage';

test.beforeEach(async ({ page }) => {
  await recordEvents(page);
  await demoOptions(page, { debug: false });
  await page.clock.install({ time: MORNING });
});

const broken: [string, () => void, RegExp, 'localstorage' | 'memory'][] = [
  [
    'indexedDB undefined',
    () => Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true }),
    /IndexedDB is unavailable \((.*indexedDB|TypeError).*; the session is kept in localStorage/,
    'localstorage',
  ],
  [
    'indexedDB.open throwing',
    denyIndexedDB,
    /IndexedDB is unavailable \(SecurityError\); the session is kept in localStorage/,
    'localstorage',
  ],
  [
    'a blocked upgrade (open never succeeds)',
    () => {
      IDBFactory.prototype.open = function () {
        const request = new EventTarget() as IDBOpenDBRequest;
        setTimeout(() => request.onblocked?.(new Event('blocked') as IDBVersionChangeEvent), 0);
        return request;
      };
    },
    /IndexedDB is unavailable \(IndexedDB did not answer within 10000 ms/,
    'localstorage',
  ],
  [
    'IndexedDB, localStorage and sessionStorage all throwing',
    () => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('denied by the test', 'SecurityError');
      };
      Storage.prototype.setItem = () => {
        throw new DOMException('denied by the test', 'SecurityError');
      };
    },
    /sessionStorage is unavailable \(SecurityError\); the session is kept in this page only/,
    'memory',
  ],
];

for (const [name, inject, message, storage] of broken) {
  test(`storage: ${name}`, async ({ page }) => {
    fault(
      STORAGE,
      name,
      storage === 'memory'
        ? 'falls back to memory for the page; page views still counted (visitor type Other); one error per storage layer given up'
        : 'falls back to localStorage: the session persists, the visitor type is known; one storage error',
    );
    await page.context().addInitScript(inject);
    await page.goto('/examples/shop/index.html');
    await page.clock.fastForward(10_500); // past the 10 s open timeout where the open hangs
    await expectError(page, message);
    const s = await session(page);
    expect(s).toMatchObject({ storage, visitorType: storage === 'memory' ? 'Other' : 'New_Visitor', pageViews: 1 });
    await page.evaluate(() =>
      (window as unknown as { intentTracker: { trackPageView(): void } }).intentTracker.trackPageView(),
    );
    await expect.poll(async () => (await session(page))?.pageViews).toBe(2);
    await shopStillWorks(page);
  });
}

test('storage: QuotaExceededError on write', async ({ page }) => {
  fault(
    STORAGE,
    'QuotaExceededError on write',
    'falls back to localStorage seeded with the stored session: no page view already recorded is lost; one storage error',
  );
  await browse(page, ['index.html', 'about.html']);
  await page.context().addInitScript(() => {
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('the disk is full (test)', 'QuotaExceededError');
    };
  });
  await page.goto('/examples/shop/faq.html');
  await expectError(page, /IndexedDB is unavailable \(QuotaExceededError\); the session is kept in localStorage/);
  expect(await session(page)).toMatchObject({ pageViews: 3, storage: 'localstorage' });
  await shopStillWorks(page);
});

const corrupt: [string, unknown][] = [
  ['wrong types', { v: 1, visitor: { bucket: 'x', sessions: 1, lastOfferAt: 0, lastOfferSession: '' }, session: null }],
  ['missing fields', { v: 1 }],
  ['garbage', 'not a session at all'],
  [
    'a future schema version',
    {
      v: 99,
      visitor: { bucket: 0.5, sessions: 3, lastOfferAt: 0, lastOfferSession: '' },
      session: null,
      somethingNew: true,
    },
  ],
];

for (const [name, value] of corrupt) {
  test(`storage: a stored record with ${name}`, async ({ page }) => {
    fault(
      STORAGE,
      `stored session record: ${name}`,
      'the record is discarded and a new session starts; one storage error',
    );
    await browse(page, ['index.html']);
    await page.evaluate(
      (v) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('intent-tracker');
          open.onsuccess = () => {
            const tx = open.result.transaction('kv', 'readwrite');
            tx.objectStore('kv').put(v, 'state');
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
      value,
    );
    await page.goto('/examples/shop/about.html');
    await expectError(page, /stored session was unreadable/);
    expect(await session(page)).toMatchObject({ pageViews: 1, storage: 'indexeddb' });
    await shopStillWorks(page);
  });
}

test('storage: cleared mid-session', async ({ page }) => {
  fault(
    STORAGE,
    'storage cleared mid-session (site data cleared)',
    'a new session starts on the next page view; no error, no exception',
  );
  await browse(page, ['index.html', 'about.html']);
  const before = await session(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'indexeddb' });
  await page.goto('/examples/shop/faq.html');
  await expect.poll(async () => (await session(page))?.pageViews).toBe(1);
  expect((await session(page))!.sessionId).not.toBe(before!.sessionId);
  expect(await errors(page)).toEqual([]);
  await shopStillWorks(page);
});
