/**
 * The idle-loaded half of the tracker (`intent-scoring.js`): web vitals, the marketer config, and the
 * path features -> model -> policy -> callbacks. The always-loaded core only records page views;
 * it loads this file when the page is idle, so none of it is in the page's critical path.
 */
import { toRecord } from './features/record';
import { createScorer } from './model/scorer';
import { offersOf, validateConfig } from './policy/config';
import { armOf, decide, recordDecision, type PolicySettings } from './policy/policy';
import { addScore, hasEnded, revive, takeOutbox } from './session/session';
import type { StateStore } from './session/store';
import { bufferVisible, drainVisible } from './session/visible-time';
import { calendarOf, defaultSpecialDays, specialDay } from './signals/calendar';
import { fetchJson } from './signals/fetch-json';
import { trafficSource } from './signals/traffic-source';
import { familiesOf } from './signals/user-agent';
import { collectVitals } from './signals/vitals';
import { toExport } from './features/export';
import type { Variant } from './features/types';
import type { EndedSession, StoredState } from './session/types';
import type { DecisionDetail, IntentTrackerError, LowIntentEvent, MarketerConfig, PageStats, SessionSnapshot, TrackerOptions } from './types';

/** Defaults of the marketer keys (documented in the README's options table). */
const DEFAULTS = { minPageViews: 3, minSessionSeconds: 0, maxOffersPerSession: 1, cooldownDays: 0, holdout: 0 };



/** What the core shares with the scoring half. */
export interface ScoringContext {
  options: TrackerOptions;
  /** The marketer keys given in code, already validated; the config file's keys override them. */
  config: MarketerConfig;
  onLowIntent: unknown;
  store: StateStore;
  report(error: IntentTrackerError): void;
  log(...args: unknown[]): void;
  isActive(): boolean;
  pageStats(): PageStats | null;
  runtimeUrl: string;
  modelBaseUrl: string;
  timeoutMs: number;
  sessionTimeoutMs: number;
}

/** The scoring half's operations, called by the core. */
export interface Scoring {
  /** Scores the session if the gates pass, and fires the callback the policy decides on. */
  decide(): Promise<void>;
  score(): Promise<{ probability: number; variant: Variant } | null>;
  snapshot(): Promise<SessionSnapshot | null>;
  /** Removes this half's page listeners (the tracker's `destroy`). Web vitals keep collecting: they cannot be unregistered. */
  stop(): void;
}

/** Starts the scoring half: vitals begin collecting, the config file is fetched and validated. */
export function createScoring(ctx: ScoringContext): Scoring {
  const { options, store, report, log } = ctx;
  const vitals = collectVitals();
  let config: MarketerConfig = ctx.config;
  let blocked = false;
  const configReady = (async () => {
    const url = options.configUrl;
    if (typeof url !== 'string') return;
    try {
      const file = validateConfig(await fetchJson(url, ctx.timeoutMs), 'config');
      file.issues.forEach((i) => report({ code: 'config', field: i.field, message: `${url}: ${i.message}` }));
      // Fail safe: with an invalid file the marketer's intent is unknown, so no offer fires at all.
      blocked = file.issues.length > 0;
      // The file's offers replace the code's, whichever of `offers` or `threshold` either side used.
      const replacesOffers = file.config.offers !== undefined || file.config.threshold !== undefined;
      const { offers: _o, threshold: _t, ...rest } = config;
      config = { ...(replacesOffers ? rest : config), ...file.config };
    } catch (e) {
      blocked = true;
      report({ code: 'config', message: `the config file could not be loaded: ${(e as Error).message}`, cause: e });
    }
    log('config', blocked ? 'invalid: no offers' : config);
  })();

  const scorer = createScorer(ctx.runtimeUrl, ctx.modelBaseUrl, ctx.timeoutMs);
  const settings = (): PolicySettings & typeof DEFAULTS => ({
    ...DEFAULTS, ...config, offers: blocked ? [] : offersOf(config), holdoutArm: options.holdoutArm,
  });
  const variant = (): Variant => (ctx.pageStats() ? 'full' : 'behavioral');
  // The browser does not change during a page; the day's inputs come from the config's special days.
  const families = familiesOf(navigator.userAgent);
  const dayOf = (date: Date) => ({ ...calendarOf(date), SpecialDay: specialDay(date, config.specialDays ?? defaultSpecialDays(date.getFullYear())) });
  const recordOf = (state: StoredState, at: number) => toRecord(state.session!, {
    ...dayOf(new Date(at)),
    persistent: store.kind() === 'indexeddb',
    browserFamily: families.browserFamily,
    trafficSource: state.session!.source ?? 'direct',
  });
  const probabilityOf = async (state: StoredState, at: number) => {
    const v = variant();
    const model = await scorer.load(v);
    const features = recordOf(state, at);
    return { probability: model.score(features), variant: v, modelVersion: model.modelVersion, features };
  };

  /** Calls one of the shop's callbacks; a throw or a rejected promise is reported, never thrown into the page. */
  const invoke = (name: string, callback: unknown, arg: unknown) => {
    const failed = (e: unknown) => report({ code: 'callback', message: `the ${name} callback failed: ${String(e)}`, cause: e });
    if (typeof callback !== 'function') return;
    try {
      const r = callback(arg);
      if (r && typeof (r as Promise<unknown>).catch === 'function') (r as Promise<unknown>).catch(failed);
    } catch (e) {
      failed(e);
    }
  };

  const fire = (event: LowIntentEvent) => {
    if (event.arm === 'control') invoke('onHoldout', options.onHoldout, event);
    else invoke('onLowIntent', ctx.onLowIntent, event);
    if (event.arm === 'treatment') window.dispatchEvent(new CustomEvent('intenttracker:lowintent', { detail: event }));
  };

  /** Every decision, offer or not, as `intenttracker:decision` on window (and the console in debug). */
  const announce = (detail: DecisionDetail) => {
    log('decision', detail);
    window.dispatchEvent(new CustomEvent('intenttracker:decision', { detail }));
  };

  /**
   * Exports the sessions that ended (found by a page view that started a new one): each is taken
   * out of storage in one transaction, so exactly one tab exports it, then handed to onSessionEnd
   * and sent to collectUrl. Without either, the ended sessions are simply dropped.
   */
  const exportEnded = async () => {
    let taken: EndedSession[] = [];
    const visible = drainVisible();
    const state = await store.update((old) => {
      const r = takeOutbox(old, () => trafficSource(location.search, document.referrer, location.hostname), visible);
      taken = r.taken;
      return r.state as StoredState;
    });
    const { onSessionEnd, collectUrl } = options;
    if (!taken.length || (!onSessionEnd && !collectUrl) || !ctx.isActive()) return;
    const arm = armOf(state, settings());
    for (const ended of taken) {
      const record = toExport(ended, { ...dayOf(new Date(ended.session.startedAt)), ...families, arm, hasPageStats: ended.session.stats.n > 0 });
      invoke('onSessionEnd', onSessionEnd, record);
      let sent = false;
      try {
        sent = !collectUrl || navigator.sendBeacon(collectUrl, new Blob([JSON.stringify(record)], { type: 'application/json' }));
      } catch {
        // an unusable URL: reported below like a refused beacon
      }
      if (!sent) report({ code: 'argument', field: 'collectUrl', message: `the session could not be sent to ${collectUrl} (sendBeacon refused it)` });
    }
    log('exported', taken.length, 'ended session(s)');
  };

  // Visible time of this page, per page type, buffered when the page is hidden or left (see ./session/visible-time.ts).
  let currentType: string = 'other';
  let visibleSince: number | null = document.visibilityState === 'visible' ? Date.now() - performance.now() : null;
  const flushVisible = () => {
    const now = Date.now();
    const ms = visibleSince === null ? 0 : now - visibleSince;
    visibleSince = document.visibilityState === 'visible' ? now : null;
    if (ms > 0 && ctx.isActive()) bufferVisible(currentType, ms);
  };
  document.addEventListener('visibilitychange', flushVisible);
  window.addEventListener('pagehide', flushVisible);
  const stop = () => {
    document.removeEventListener('visibilitychange', flushVisible);
    window.removeEventListener('pagehide', flushVisible);
  };

  return {
    async decide() {
      await configReady;
      if (!ctx.isActive()) return;
      await exportEnded();
      const s = settings();
      const state = revive(await store.read());
      const now = Date.now();
      const session = state?.session;
      if (!state || !session || hasEnded(session, now, ctx.sessionTimeoutMs)) return;
      currentType = session.current?.type ?? currentType;
      const skip = session.views < s.minPageViews || (now - session.startedAt) / 1000 < s.minSessionSeconds ? 'engagement gates not passed'
        : s.offers.length === 0 ? 'no offer configured'
          : session.purchased ? 'purchased'
            : session.offers + session.holdouts >= s.maxOffersPerSession ? 'per-session cap reached' : '';
      if (skip) return announce({ action: 'none', reason: skip, pageViews: session.views });
      const scored = await probabilityOf(state, now);
      let decision = decide(scored.probability, state, s, now);
      // Decide again inside the transaction: another tab may have shown an offer meanwhile.
      await store.update((old) => {
        const fresh = revive(old);
        // Another tab may have started a new session (campaign, midnight) while this one scored the old.
        if (fresh?.session?.id !== session.id) {
          decision = { action: 'none', reason: 'the session changed while scoring' };
          return old as StoredState;
        }
        decision = decide(scored.probability, fresh, s, now);
        return addScore(recordDecision(fresh, decision, now), scored, scored.modelVersion);
      });
      announce({ ...decision, probability: scored.probability, pageViews: session.views });
      if (decision.action === 'none' || !ctx.isActive()) return;
      fire({
        probability: scored.probability, offer: decision.offer, variant: scored.variant, modelVersion: scored.modelVersion,
        sessionId: session.id, features: scored.features, vitals: { ...vitals }, pageViews: session.views, arm: decision.arm,
      });
    },
    async score() {
      await configReady; // the file's special days change the inputs
      const state = revive(await store.read());
      if (!state?.session) return null;
      const { probability, variant: v } = await probabilityOf(state, Date.now());
      return { probability, variant: v };
    },
    async snapshot() {
      await configReady; // the file's holdout changes the arm
      const state = revive(await store.read());
      const s = state?.session;
      if (!state || !s) return null;
      const features = recordOf(state, Date.now());
      const sec = (ms: number) => ms / 1000;
      return {
        sessionId: s.id, startedAt: s.startedAt, pageViews: s.views, counts: { ...s.counts },
        durations: { administrative: sec(s.durations.administrative), informational: sec(s.durations.informational), product: sec(s.durations.product), other: sec(s.durations.other) },
        visitorType: features.VisitorType, arm: armOf(state, settings()), offersShown: s.offers, holdoutDecisions: s.holdouts,
        purchased: s.purchased, storage: store.kind(), features,
      };
    },
    stop,
  };
}
