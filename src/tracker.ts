/**
 * The always-loaded core: writes each page view (page type, campaign, page statistics, the landing's
 * traffic source) synchronously into the journal the moment the page is shown, honours privacy
 * signals and consent, and hands everything else to the idle-loaded scoring half, which drains the
 * journal into the store. Every public method is guarded so nothing throws into the page.
 */
import type { PageFacts, Scoring, ScoringContext } from './contract';
import { createQueue } from './lib/queue';
import { loadOnce } from './lib/retry';
import { createReporter, failed } from './lib/reporter';
import { normaliseOptions, type Environment } from './options';
import { openJournal, type JournalEntry } from './session/journal';
import { clearVisible } from './session/visible-time';
import { watchRoutes } from './signals/history';
import { parsePageType } from './signals/page-type';
import { loadPageStats, statOf } from './signals/page-stats';
import { pageFacts } from './signals/page-view';
import { privacySignal } from './signals/privacy';
import { trafficSource } from './signals/traffic-source';
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
      : options.requireConsent || options.consentFrom
        ? 'waiting-for-consent'
        : 'active';
  const journal = openJournal(win);
  const queue = createQueue();
  const pageStats = loadPageStats(options.pageStats, timeoutMs, report);
  let page: PageFacts | undefined;
  // This page's views whose statistics are still loading: finished without them if the page is left first.
  const pending = new Map<string, JournalEntry>();
  let landing = true;

  const ctx: ScoringContext = {
    options,
    config,
    onLowIntent,
    journal,
    reporter,
    isActive: () => status === 'active',
    pageStats,
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

  const id = () => Math.random().toString(36).slice(2);
  /** Hands work to the scoring half once the page is idle. */
  const later = (fn: (s: Scoring) => Promise<void>) =>
    idle(() => {
      if (status === 'active')
        loadScoring()
          .then((s) => queue(() => fn(s)))
          .catch(failed(report, 'scoring'));
    });

  const pageView = (type?: PageType): void => {
    if (status !== 'active') return;
    // A prerendered page the visitor has not seen yet counts (and fires) nothing until it is shown.
    if ((document as { prerendering?: boolean }).prerendering)
      return void document.addEventListener('prerenderingchange', () => pageView(type), { once: true });
    const facts = (page = pageFacts(win, options.pageTypes, type));
    scoring?.then(
      (s) => s.newPage(),
      () => {},
    ); // the last page's offer waiting for its exit intent is void
    const entry: JournalEntry = { id: id(), at: facts.at, type: facts.type, campaign: facts.campaign };
    if (landing) entry.source = trafficSource(location.search, document.referrer, location.hostname);
    landing = false;
    if (options.pageStats === undefined) entry.stat = null;
    else pending.set(entry.id, entry);
    journal.put(entry); // now, synchronously: the visitor may leave before any promise settles
    log('page view', facts.type);
    queue(async () => {
      const stats = await pageStats; // bounded by the request timeout
      if (pending.delete(entry.id)) journal.put({ ...entry, stat: stats && statOf(stats, facts.path) });
      later((s) => s.decide(facts));
    }).catch(failed(report, 'recording the page view', 'storage'));
  };

  const listen = (type: string, fn: (e: PageTransitionEvent) => void) => {
    win.addEventListener(type, fn as EventListener);
    return () => win.removeEventListener(type, fn as EventListener);
  };
  const unwatch = [
    status !== 'off' && options.spa ? watchRoutes(win, () => pageView()) : () => {},
    // A page restored from the back/forward cache is a new page view (as web-vitals treats it).
    listen('pageshow', (e) => e.persisted && pageView()),
    listen('pagehide', () => pending.forEach((e) => journal.put({ ...e, stat: null }))),
  ];
  if (status === 'active') pageView();
  else
    log(
      status === 'off'
        ? 'Global Privacy Control or Do Not Track: tracking is off'
        : `waiting for ${options.consentFrom ?? 'setConsent(true)'}`,
    );

  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (e) {
        failed(report, name, 'argument')(e);
      }
    };
  /**
   * Deletes everything stored: the journal, this tab's visible-time buffer, this page's views still
   * waiting for statistics, and the store in every layer (in the scoring half, after queued work).
   */
  const wipe = (what: string): Promise<void> => {
    journal.clear();
    clearVisible();
    pending.clear();
    return loadScoring()
      .then((s) => queue(() => s.clear()))
      .catch(failed(report, what, 'storage'))
      .then(() => {});
  };
  const whenActive = <T>(fn: (s: Scoring) => Promise<T>, what: string): Promise<T | null> =>
    status !== 'active'
      ? Promise.resolve(null)
      : loadScoring()
          .then((s) => queue(() => fn(s)))
          .catch(failed(report, what));

  /** Grants (starts tracking) or withdraws (wipes, waits again): `setConsent`, and the consent platform. */
  const consent = (granted: boolean): void => {
    if (status === 'off' || status === 'destroyed') return;
    if (granted === true && status === 'waiting-for-consent') {
      status = 'active';
      pageView();
    } else if (granted === false) {
      status = 'waiting-for-consent';
      void wipe('clearing storage');
    }
  };
  const from = options.consentFrom;
  // Loaded only when the platform's answer can matter; until it answers nothing is tracked. A first
  // "denied" changes nothing (nothing was stored), so a refusing visitor costs no storage access.
  if (from && status !== 'off')
    (
      import(/* @vite-ignore */ /* webpackIgnore: true */ `${assets}intent-consent.js`) as Promise<
        typeof import('./consent/watch')
      >
    )
      .then((m) => {
        if (status !== 'destroyed')
          unwatch.push(
            m.watchConsent(
              win,
              from,
              options.consentRequires,
              timeoutMs,
              (granted, source) => {
                log(`consent ${granted ? 'granted' : status === 'active' ? 'withdrawn' : 'denied'} by ${source}`);
                if (granted || status === 'active') consent(granted);
              },
              report,
            ),
          );
      })
      .catch(failed(report, 'loading intent-consent.js', 'consent'));

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
      journal.put({ id: id(), at: Date.now(), purchase: 1 });
      later((s) => s.sync());
    }),
    score: () => whenActive((s) => s.score(), 'scoring'),
    setConsent: guard('setConsent', consent),
    // Tracking stays on: the next page view finds nothing stored and starts a new session and visitor.
    reset: () => (status === 'active' ? wipe('resetting') : Promise.resolve()),
    getSession: () => whenActive((s) => s.snapshot(), 'reading the session'),
    destroy: guard('destroy', () => {
      status = 'destroyed';
      unwatch.forEach((u) => u());
      scoring?.then(
        (s) => s.stop(),
        () => {},
      ); // also when it is still loading
    }),
  };
}
