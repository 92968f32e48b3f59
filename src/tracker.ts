/**
 * The always-loaded core: records page views into the shared session (page type, campaign,
 * page statistics), honours privacy signals and consent, and hands everything else to the
 * idle-loaded scoring half. Every public method is guarded so nothing throws into the page.
 */
import { MARKETER_KEYS, validateConfig } from './policy/config';
import type { Scoring, ScoringContext } from './scoring';
import { addPageView, addPurchase, revive } from './session/session';
import { openStore } from './session/store';
import { clearVisible } from './session/visible-time';
import { campaignKey } from './signals/campaign';
import { fetchJson } from './signals/fetch-json';
import { watchRoutes } from './signals/history';
import { parsePageType, pageTypeOf } from './signals/page-type';
import { statOf, validatePageStats } from './signals/page-stats';
import { privacySignal } from './signals/privacy';
import type { IntentTracker, IntentTrackerError, PageStats, PageType, TrackerOptions } from './types';

/** The non-marketer options and the types each may have. */
const OPTION_TYPES: Record<string, string> = {
  assetBaseUrl: 'string', modelBaseUrl: 'string', configUrl: 'string', spa: 'boolean', sessionTimeoutMinutes: 'number',
  respectPrivacySignals: 'boolean', requireConsent: 'boolean', onHoldout: 'function', onError: 'function', debug: 'boolean',
  requestTimeoutMs: 'number', holdoutArm: 'string', pageTypes: 'object', pageStats: 'object string',
  onSessionEnd: 'function', collectUrl: 'string',
};

/** Defaults the page gives when the options do not say. */
export interface Environment {
  /** Where the SDK's own files are served: beside the script. */
  assetBaseUrl: string;
  /** The script tag's `data-config` (the marketer's config file), if any. */
  configUrl?: string;
}

type Status = 'active' | 'waiting-for-consent' | 'off' | 'destroyed';

/** URL rules run on every page view: only known types, and short arrays of strings or RegExps. */
function validPageTypes(v: unknown): boolean {
  return typeof v === 'object' && v !== null && Object.entries(v).every(([type, rules]) =>
    ['administrative', 'informational', 'product'].includes(type) && Array.isArray(rules) && rules.length <= 100 &&
    rules.every((r) => typeof r === 'string' || r instanceof RegExp));
}

/** Builds the page's tracker (see `initIntentTracker`). */
export function createTracker(onLowIntent: unknown, rawOptions: unknown, env: Environment): IntentTracker {
  const given = typeof rawOptions === 'object' && rawOptions !== null ? (rawOptions as Record<string, unknown>) : {};
  const reported = new Set<string>();
  const debug = given.debug === true;
  const log = (...args: unknown[]) => debug && console.info('[intent-tracker]', ...args);
  const report = (error: IntentTrackerError) => {
    if (reported.has(error.message)) return; // each problem once, however often it recurs
    reported.add(error.message);
    if (debug) console.warn('[intent-tracker]', error.message);
    try {
      if (typeof given.onError === 'function') given.onError(error);
    } catch {
      // The shop's error handler failed too; never throw into the page.
    }
  };

  // Keep only well-typed options; the scoring half validates the marketer keys in detail.
  const options: TrackerOptions = {};
  if (rawOptions != null && typeof rawOptions !== 'object') report({ code: 'option', field: 'options', message: 'options must be an object' });
  if (onLowIntent != null && typeof onLowIntent !== 'function') report({ code: 'argument', field: 'onLowIntent', message: 'onLowIntent must be a function' });
  for (const key of Object.keys(given)) {
    const v = given[key];
    // Own properties only: a key such as 'constructor' must not find Object.prototype's.
    const types = Object.prototype.hasOwnProperty.call(OPTION_TYPES, key) ? OPTION_TYPES[key] : undefined;
    if (MARKETER_KEYS.includes(key)) continue; // validated as a whole below
    if (key === 'pageTypes' && !validPageTypes(v)) report({ code: 'option', field: key, message: 'options.pageTypes must map administrative, informational or product to arrays of at most 100 globs (strings) or RegExps' });
    else if (!types) report({ code: 'option', field: key, message: `options.${key} is not an option of initIntentTracker` });
    else if (v !== undefined && (!types.includes(typeof v) || v === null || (typeof v === 'number' && !(v > 0 && v < 1e9)) || (key === 'holdoutArm' && v !== 'treatment' && v !== 'control'))) {
      report({ code: 'option', field: key, message: `options.${key} must be ${key === 'holdoutArm' ? '"treatment" or "control"' : `a ${types.replace(' ', ' or ')}${types === 'number' ? ' above 0' : ''}`}` });
    } else (options as Record<string, unknown>)[key] = v;
  }

  // The script tag's data-config, unless the options name a config file themselves.
  options.configUrl ??= env.configUrl;

  // Marketer keys are checked at once, so a developer sees a typo on the first page load.
  const fromCode = validateConfig(Object.fromEntries(MARKETER_KEYS.filter((k) => k in given).map((k) => [k, given[k]])), 'options');
  fromCode.issues.forEach((i) => report({ code: 'option', field: i.field, message: i.message }));

  const win = window;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const assets = (options.assetBaseUrl ?? env.assetBaseUrl).replace(/\/?$/, '/');
  const rules = { timeoutMs: Math.min(options.sessionTimeoutMinutes ?? 30, 1440) * 60_000, random: Math.random };
  let status: Status = options.respectPrivacySignals !== false && privacySignal(navigator, win as { doNotTrack?: string })
    ? 'off' : options.requireConsent ? 'waiting-for-consent' : 'active';
  const store = openStore((cause) => report({
    code: 'storage',
    message: `IndexedDB is unavailable (${(cause as Error)?.name === 'Error' ? (cause as Error).message : (cause as Error)?.name ?? String(cause)}); the session is kept in this page only`,
    cause,
  }));
  let chain: Promise<unknown> = Promise.resolve();
  // This tab's operations run one after another; tabs stay consistent through IndexedDB transactions.
  const queue = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn);
    chain = next.catch(() => undefined);
    return next;
  };

  let pageStats: PageStats | null = null;
  const statsReady = (async () => {
    const raw = options.pageStats;
    if (raw === undefined) return;
    try {
      const checked = validatePageStats(typeof raw === 'string' ? await fetchJson(raw, timeoutMs) : raw);
      checked.issues.forEach((message) => report({ code: 'page-stats', message }));
      pageStats = checked.stats;
    } catch (e) {
      report({ code: 'page-stats', message: `page statistics could not be loaded (${(e as Error).message}); scoring with the behavioral model`, cause: e });
    }
  })();

  const ctx: ScoringContext = {
    options, config: fromCode.config, onLowIntent, store, report, log, isActive: () => status === 'active', pageStats: () => pageStats,
    runtimeUrl: `${assets}intent-runtime.js`, modelBaseUrl: options.modelBaseUrl ?? `${assets}models`, timeoutMs, sessionTimeoutMs: rules.timeoutMs,
  };
  let scoring: Promise<Scoring> | null = null;
  // Loaded by URL on first need; a failed load is forgotten so a later page view retries.
  const loadScoring = () =>
    (scoring ??= (import(/* @vite-ignore */ /* webpackIgnore: true */ `${assets}intent-scoring.js`) as Promise<typeof import('./scoring')>)
      .then((m) => m.createScoring(ctx))
      .catch((e: unknown) => {
        scoring = null;
        throw e;
      }));
  const failed = (what: string, code: IntentTrackerError['code'] = 'model') => (e: unknown) => {
    report({ code, message: `${what} failed: ${(e as Error)?.message ?? String(e)}`, cause: e });
    return null;
  };
  const idle = (fn: () => void) => ('requestIdleCallback' in win ? win.requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 1));

  const pageView = (type?: PageType) => {
    if (status !== 'active') return;
    const at = Date.now();
    const path = win.location.pathname;
    const pageType = type ?? pageTypeOf(document, path, options.pageTypes);
    const campaign = campaignKey(win.location.search);
    queue(async () => {
      await statsReady; // this view's statistics must be known (bounded by the request timeout)
      const stat = pageStats ? statOf(pageStats, path) : null;
      let unreadable = false;
      const state = await store.update((old) => {
        unreadable = old !== undefined && !revive(old);
        return addPageView(old, { at, type: pageType, campaign, stat }, rules);
      });
      if (unreadable) report({ code: 'storage', message: 'the stored session was unreadable (corrupt, or from another version of the SDK); a new session was started' });
      log('page view', pageType, state.session?.views, 'in session');
      idle(() => { if (status === 'active') loadScoring().then((s) => queue(() => s.decide())).catch(failed('scoring')); });
    }).catch(failed('recording the page view', 'storage'));
  };

  const unwatch = status !== 'off' && options.spa ? watchRoutes(win, () => pageView()) : () => {};
  if (status === 'active') pageView();
  else log(status === 'off' ? 'Global Privacy Control or Do Not Track: tracking is off' : 'waiting for setConsent(true)');

  const guard = <A extends unknown[]>(name: string, fn: (...args: A) => void) => (...args: A): void => {
    try {
      fn(...args);
    } catch (e) {
      failed(name, 'argument')(e);
    }
  };
  const whenActive = <T>(fn: (s: Scoring) => Promise<T>, what: string): Promise<T | null> =>
    status !== 'active' ? Promise.resolve(null) : loadScoring().then((s) => queue(() => fn(s))).catch(failed(what));

  return {
    trackPageView: guard('trackPageView', (info?: { type?: PageType }) => {
      const type = info?.type === undefined ? undefined : parsePageType(String(info.type));
      if (type === null) report({ code: 'argument', field: 'type', message: `trackPageView: type must be administrative, informational, product or other, got ${JSON.stringify(info?.type)}` });
      pageView(type ?? undefined);
    }),
    recordPurchase: guard('recordPurchase', () => {
      if (status !== 'active') return;
      const at = Date.now();
      queue(() => store.update((old) => addPurchase(old, at, rules))).catch(failed('recording the purchase', 'storage'));
    }),
    score: () => whenActive((s) => s.score(), 'scoring'),
    setConsent: guard('setConsent', (granted: boolean) => {
      if (status === 'off' || status === 'destroyed') return;
      if (granted === true && status === 'waiting-for-consent') {
        status = 'active';
        pageView();
      } else if (granted === false) {
        status = 'waiting-for-consent';
        queue(() => store.clear()).catch(failed('clearing storage', 'storage'));
        clearVisible();
      }
    }),
    getSession: () => whenActive((s) => s.snapshot(), 'reading the session'),
    destroy: guard('destroy', () => {
      status = 'destroyed';
      unwatch();
      scoring?.then((s) => s.stop(), () => {}); // also when it is still loading
    }),
  };
}
