/**
 * The always-loaded core: records page views into the shared session (page type, campaign,
 * page statistics), honours privacy signals and consent, and hands everything else to the
 * idle-loaded scoring half. Every public method is guarded so nothing throws into the page.
 */
import type { PageFacts, Scoring, ScoringContext } from './contract';
import { createQueue } from './lib/queue';
import { loadOnce } from './lib/retry';
import { createReporter, failed } from './lib/reporter';
import { normaliseOptions, type Environment } from './options';
import { recordPageView } from './session/record-view';
import { addPurchase } from './session/session';
import { openStore } from './session/store';
import { clearVisible } from './session/visible-time';
import { watchRoutes } from './signals/history';
import { parsePageType } from './signals/page-type';
import { loadPageStats, statOf } from './signals/page-stats';
import { landingOf, pageFacts } from './signals/page-view';
import { privacySignal } from './signals/privacy';
import type { IntentTracker, PageType, TrackerOptions } from './types';

type Status = 'active' | 'waiting-for-consent' | 'off' | 'destroyed';

/** Builds the page's tracker (see `initIntentTracker`). */
export function createTracker(onLowIntent: unknown, rawOptions: unknown, env: Environment): IntentTracker {
  // Any value reads as options here (a primitive has no such keys); normaliseOptions reports a bad one.
  const given = rawOptions as TrackerOptions | null | undefined;
  const reporter = createReporter(given?.debug === true, given?.onError);
  const { report, log } = reporter;
  const { options, config } = normaliseOptions(onLowIntent, rawOptions, env, report);
  const win = window;
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const assets = (options.assetBaseUrl ?? env.assetBaseUrl).replace(/\/?$/, '/');
  const rules = { timeoutMs: Math.min(options.sessionTimeoutMinutes ?? 30, 1440) * 60_000, random: Math.random };
  let status: Status =
    options.respectPrivacySignals !== false && privacySignal(navigator, win as { doNotTrack?: string })
      ? 'off'
      : options.requireConsent
        ? 'waiting-for-consent'
        : 'active';
  const store = openStore(report);
  const queue = createQueue();
  const pageStats = loadPageStats(options.pageStats, timeoutMs, report);
  let page: PageFacts | undefined;

  const ctx: ScoringContext = {
    options,
    config,
    onLowIntent,
    store,
    reporter,
    isActive: () => status === 'active',
    pageStats,
    landing: landingOf(win),
    assets,
    timeoutMs,
    rules,
  };
  let scoring: Promise<Scoring> | undefined;
  // Loaded by URL on first need; a failed load is forgotten so a later page view retries.
  const loadScoring = loadOnce(
    () =>
      (scoring = (
        import(/* @vite-ignore */ /* webpackIgnore: true */ `${assets}intent-scoring.js`) as Promise<
          typeof import('./scoring')
        >
      ).then((m) => m.createScoring(ctx, page))),
  );
  const idle = (fn: () => void) =>
    'requestIdleCallback' in win ? win.requestIdleCallback(fn, { timeout: 3000 }) : setTimeout(fn, 1);

  const pageView = (type?: PageType) => {
    if (status !== 'active') return;
    const facts = (page = pageFacts(win, options.pageTypes, type));
    queue(async () => {
      const stats = await pageStats; // this view's statistics must be known (bounded by the request timeout)
      const state = await recordPageView(store, facts, stats ? statOf(stats, facts.path) : null, rules, report);
      log('page view', facts.type, state.session?.views, 'in session');
      idle(() => {
        if (status === 'active')
          loadScoring()
            .then((s) => queue(() => s.decide(facts)))
            .catch(failed(report, 'scoring'));
      });
    }).catch(failed(report, 'recording the page view', 'storage'));
  };

  const unwatch = status !== 'off' && options.spa ? watchRoutes(win, () => pageView()) : () => {};
  if (status === 'active') pageView();
  else
    log(status === 'off' ? 'Global Privacy Control or Do Not Track: tracking is off' : 'waiting for setConsent(true)');

  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (e) {
        failed(report, name, 'argument')(e);
      }
    };
  const whenActive = <T>(fn: (s: Scoring) => Promise<T>, what: string): Promise<T | null> =>
    status !== 'active'
      ? Promise.resolve(null)
      : loadScoring()
          .then((s) => queue(() => fn(s)))
          .catch(failed(report, what));

  return {
    trackPageView: guard('trackPageView', (info?: { type?: PageType }) => {
      const type = info?.type === undefined ? undefined : parsePageType(String(info.type));
      if (type === null)
        report({
          code: 'argument',
          field: 'type',
          message: `trackPageView: type must be administrative, informational, product or other, got ${JSON.stringify(info?.type)}`,
        });
      pageView(type ?? undefined);
    }),
    recordPurchase: guard('recordPurchase', () => {
      if (status !== 'active') return;
      const at = Date.now();
      queue(() => store.update((old) => addPurchase(old, at, rules))).catch(
        failed(report, 'recording the purchase', 'storage'),
      );
    }),
    score: () => whenActive((s) => s.score(), 'scoring'),
    setConsent: guard('setConsent', (granted: boolean) => {
      if (status === 'off' || status === 'destroyed') return;
      if (granted === true && status === 'waiting-for-consent') {
        status = 'active';
        pageView();
      } else if (granted === false) {
        status = 'waiting-for-consent';
        queue(() => store.clear()).catch(failed(report, 'clearing storage', 'storage'));
        clearVisible();
      }
    }),
    getSession: () => whenActive((s) => s.snapshot(), 'reading the session'),
    destroy: guard('destroy', () => {
      status = 'destroyed';
      unwatch();
      scoring?.then(
        (s) => s.stop(),
        () => {},
      ); // also when it is still loading
    }),
  };
}
