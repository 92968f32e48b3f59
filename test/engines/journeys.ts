/**
 * The journeys every engine runs: the demo's offer on the third view and none after a purchase,
 * tabs sharing one session, storage fallbacks, privacy signals and consent, the README snippet,
 * SPA routes and a browser without requestIdleCallback. Each checks at every page it leaves that
 * the page had no uncaught error, unhandled rejection or console error.
 */
import assert from 'node:assert/strict';
import type { Driver } from './driver';
import { BEFORE, writePage, type PageSpec } from './pages';

/** The decision event of the current page, once the scoring half has made it. */
interface Decision {
  action: string;
  reason?: string;
  probability?: number;
  pageViews: number;
}
/** What getSession() resolves to, the fields read here. */
interface Snapshot {
  sessionId: string;
  pageViews: number;
  storage: string;
  purchased: boolean;
}

/**
 * Polls `expression` in the page until it is neither null nor undefined (20 s at most). An
 * evaluation that fails while the tab is navigating (its context went away) is tried again.
 */
async function until<T>(d: Driver, expression: string, what: string): Promise<T> {
  let last: unknown;
  for (let i = 0; i < 200; i++) {
    try {
      const v = await d.eval<T | null>(expression);
      if (v !== null && v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${d.engine}: timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}

/**
 * Waits until the session counts `n` views, then a moment more, and checks it still counts exactly
 * `n`: a view counted twice would show by then.
 */
async function viewsSettleAt(d: Driver, n: number): Promise<void> {
  await until(
    d,
    `window.intentTracker.getSession().then(function (s) { return s && s.pageViews >= ${n} || null; })`,
    `${n} views`,
  );
  await new Promise((r) => setTimeout(r, 500));
  assert.equal((await d.eval<Snapshot>(SESSION)).pageViews, n);
}

/** Starts a navigation from the page itself and returns at once (the page may go on by itself). */
async function navigate(d: Driver, path: string): Promise<void> {
  await d.eval(`void setTimeout(function () { location.href = ${JSON.stringify(path)}; }, 0)`);
}

const DECISION = `(window.__intent.find(function (e) { return e.type === 'intenttracker:decision'; }) || {}).detail || null`;
const SESSION = 'window.intentTracker.getSession()';
/** The SDK's keys in web storage (journal entries and the localStorage store). */
const STORED_KEYS = `[localStorage, sessionStorage].flatMap(function (s) { return Object.keys(s).filter(function (k) { return k.indexOf('intent-tracker') === 0; }); })`;

/** Fails with the page's own errors, if it had any. */
async function noPageErrors(d: Driver, where: string): Promise<void> {
  const errors = await d.eval<string[] | null>('window.__pageErrors || null');
  assert.deepEqual(errors ?? [], [], `${d.engine}: page errors on ${where}`);
}

/** Opens `path`, waits for its decision when `decide`, and checks the page stayed error-free. */
async function view(d: Driver, path: string, decide = true): Promise<Decision | null> {
  await d.goto(path);
  const decision = decide ? await until<Decision>(d, DECISION, `the decision on ${path}`) : null;
  await noPageErrors(d, path);
  return decision;
}

/** A test page per journey step, written once per run. */
const page = (name: string, spec: PageSpec) => writePage(name, spec);

/** Offers for everyone from the third page view (the model's probability is always below 1). */
const ALWAYS = { offers: [{ id: 'always', below: 1 }], minPageViews: 3, minSessionSeconds: 0, maxOffersPerSession: 5 };
/** No offer ever: the journeys that only count. */
const COUNT_ONLY = { minPageViews: 1_000_000 };

/** One journey: a name for the report, and its steps against a fresh browser profile. */
export interface Journey {
  name: string;
  /** `t` names how the engine took a path where engines may differ (a diagnostic, not a result). */
  run(d: Driver, t?: { diagnostic(message: string): void }): Promise<void>;
}

export const JOURNEYS: Journey[] = [
  {
    name: 'an offer on the third page view, none after a purchase',
    async run(d) {
      const p = page('offer', { options: ALWAYS });
      assert.equal((await view(d, p))?.action, 'none');
      assert.equal((await view(d, p))?.action, 'none');
      const third = await view(d, p);
      assert.equal(third?.action, 'offer', JSON.stringify(third));
      assert.ok(third!.probability! >= 0 && third!.probability! <= 1);
      assert.deepEqual(await d.eval('window.__offers'), ['always']);
      await d.eval('window.intentTracker.recordPurchase()');
      await until(
        d,
        `window.intentTracker.getSession().then(function (s) { return s && s.purchased || null; })`,
        'the purchase',
      );
      const after = await view(d, p);
      assert.deepEqual([after?.action, after?.reason, after?.pageViews], ['none', 'purchased', 4]);
      assert.deepEqual(await d.eval('window.__offers'), []);
    },
  },
  {
    name: 'two tabs share one session and count every view once',
    async run(d) {
      const p = page('tabs', { options: COUNT_ONLY });
      await view(d, p);
      await d.openTab();
      await view(d, p);
      await d.switchTab(0);
      await view(d, p);
      const a = await d.eval<Snapshot>(SESSION);
      await d.switchTab(1);
      const b = await d.eval<Snapshot>(SESSION);
      assert.equal(a.pageViews, 3);
      assert.equal(b.sessionId, a.sessionId);
      assert.equal(b.pageViews, 3);
    },
  },
  {
    name: 'IndexedDB refused: the session persists in localStorage across page loads',
    async run(d) {
      const p = page('no-idb', { options: COUNT_ONLY, before: [BEFORE.denyIndexedDB] });
      for (let i = 0; i < 3; i++) await view(d, p);
      const s = await d.eval<Snapshot>(SESSION);
      assert.equal(s.storage, 'localstorage');
      assert.equal(s.pageViews, 3);
      const errors = await d.eval<string[]>('window.__sdkErrors');
      assert.ok(
        errors.some((e) => /IndexedDB is unavailable/.test(e)),
        JSON.stringify(errors),
      );
    },
  },
  {
    name: 'every storage refused: the page view is counted in memory, nothing throws',
    async run(d) {
      const p = page('no-storage', { options: COUNT_ONLY, before: [BEFORE.denyIndexedDB, BEFORE.denyWebStorage] });
      await view(d, p);
      const s = await d.eval<Snapshot>(SESSION);
      assert.equal(s.storage, 'memory');
      assert.equal(s.pageViews, 1);
    },
  },
  {
    name: 'Global Privacy Control: nothing stored, nothing fires',
    async run(d) {
      const p = page('gpc', { options: ALWAYS, before: [BEFORE.gpc] });
      for (let i = 0; i < 3; i++) await view(d, p, false);
      await new Promise((r) => setTimeout(r, 1000)); // time for a decision that must not come
      assert.equal(await d.eval(SESSION), null);
      assert.deepEqual(await d.eval(STORED_KEYS), []);
      assert.deepEqual(await d.eval('window.__offers'), []);
      assert.equal(await d.eval(DECISION), null);
    },
  },
  {
    name: 'consent required: nothing stored until setConsent(true), then the visit is tracked',
    async run(d) {
      const p = page('consent', { options: { ...COUNT_ONLY, requireConsent: true } });
      await view(d, p, false);
      await view(d, p, false);
      assert.equal(await d.eval(SESSION), null);
      assert.deepEqual(await d.eval(STORED_KEYS), []);
      // Consent counts the page it is given on (a consent platform calls setConsent on every page).
      await d.eval('window.intentTracker.setConsent(true)');
      await until(d, DECISION, 'the decision after consent');
      assert.equal((await d.eval<Snapshot>(SESSION)).pageViews, 1);
    },
  },
  {
    name: "the README's async snippet loads the SDK, counts the view and scores",
    async run(d) {
      const p = page('snippet', { options: COUNT_ONLY, snippet: true });
      await view(d, p);
      assert.equal((await d.eval<Snapshot>(SESSION)).pageViews, 1);
      const score = await d.eval<{ probability: number } | null>('window.intentTracker.score()');
      assert.ok(score && score.probability >= 0 && score.probability <= 1, JSON.stringify(score));
    },
  },
  {
    name: 'SPA: a path or query change counts, a hash change does not',
    async run(d) {
      const p = page('spa', { options: { ...COUNT_ONLY, spa: true } });
      await view(d, p);
      await d.eval(`history.pushState({}, '', location.pathname + '?page=2')`);
      await d.eval(`history.pushState({}, '', location.pathname + '?page=2#reviews')`);
      await d.eval(`history.pushState({}, '', location.pathname.replace('spa.html', 'spa-other.html'))`);
      await viewsSettleAt(d, 3);
      await noPageErrors(d, 'the SPA routes');
    },
  },
  {
    name: 'fast clicks: 10 of 10 page views counted when each page is left at DOMContentLoaded (after a first page: 11 in all)',
    async run(d) {
      const paths = Array.from({ length: 10 }, (_, i) => `/test-results/engines/chain-${i + 1}.html`);
      paths.forEach((_, i) => page(`chain-${i + 1}`, { options: COUNT_ONLY, next: paths[i + 1] }));
      await view(d, page('chain-start', { options: COUNT_ONLY }), false);
      await navigate(d, paths[0]);
      await until(
        d,
        `location.pathname === ${JSON.stringify(paths[9])} && window.intentTracker || null`,
        'the last page',
      );
      await viewsSettleAt(d, 11);
      await noPageErrors(d, 'the last page');
    },
  },
  {
    name: 'back and forward: every page shown counts once, restored from the back/forward cache or loaded again',
    async run(d, t) {
      const a = page('history-a', { options: COUNT_ONLY });
      const b = page('history-b', { options: COUNT_ONLY });
      await view(d, a);
      await view(d, b);
      await d.eval('void setTimeout(function () { history.back(); }, 0)');
      await until(
        d,
        `location.pathname === ${JSON.stringify(a)} && document.readyState === 'complete' && window.intentTracker || null`,
        'the page before',
      );
      await viewsSettleAt(d, 3);
      const restored = await d.eval<string | null>('sessionStorage.restored || null');
      t?.diagnostic(restored ? 'restored from the back/forward cache' : 'loaded again (no back/forward cache here)');
      await noPageErrors(d, a);
    },
  },
  {
    name: 'a config file that answers 404: no offer, and onError and the decision reason name the file and status',
    async run(d) {
      const p = page('config-404', { options: { ...ALWAYS, configUrl: '/test-results/engines/missing-config.json' } });
      for (let i = 0; i < 2; i++) await view(d, p);
      const third = await view(d, p);
      assert.equal(third?.action, 'none');
      assert.match(third?.reason ?? '', /missing-config\.json.*HTTP 404/);
      const errors = await d.eval<string[]>('window.__sdkErrors');
      assert.equal(errors.filter((e) => /missing-config\.json.*HTTP 404/.test(e)).length, 1, JSON.stringify(errors));
      assert.deepEqual(await d.eval('window.__offers'), []);
    },
  },
  {
    name: 'model files that answer 404: no offer, every view counted, one model error naming the file',
    async run(d) {
      const p = page('model-404', { options: { ...ALWAYS, modelBaseUrl: '/test-results/engines/missing-models' } });
      // The first two pages decide before scoring (too few views); the third needs the model.
      for (let i = 0; i < 2; i++) await view(d, p);
      await view(d, p, false);
      const errors = await until<string[]>(
        d,
        `window.__sdkErrors.filter(function (e) { return /missing-models\\/.*model\\.json/.test(e); }).length ? window.__sdkErrors : null`,
        'the model error',
      );
      assert.equal(errors.filter((e) => /missing-models\/.*model\.json/.test(e)).length, 1, JSON.stringify(errors));
      assert.equal((await d.eval<Snapshot>(SESSION)).pageViews, 3);
      assert.deepEqual(await d.eval('window.__offers'), []);
      await noPageErrors(d, p);
    },
  },
  {
    name: 'without requestIdleCallback the scoring half still loads and decides',
    async run(d) {
      const p = page('no-idle', { options: ALWAYS, before: [BEFORE.noIdleCallback] });
      await view(d, p);
      await view(d, p);
      assert.equal((await view(d, p))?.action, 'offer');
    },
  },
];
