/**
 * The idle-loaded half of the tracker (`intent-scoring.js`): web vitals, the marketer config, and the
 * path features -> model -> policy -> callbacks. The always-loaded core only records page views;
 * it loads this file when the page is idle, so none of it is in the page's critical path.
 */
import type { PageFacts, Scoring, ScoringContext } from './contract';
import { createInputs } from './features/inputs';
import { createScorer } from './model/scorer';
import { REASONS, gateBeforeScoring } from './policy/gates';
import { announce, deliver } from './policy/notify';
import { armOf, decide, recordDecision, type Decision } from './policy/policy';
import { loadConfig, settingsOf } from './policy/settings';
import { drain } from './session/drain';
import { exportEnded } from './session/outbox';
import { addScore, hasEnded, revive } from './session/session';
import { snapshotOf } from './session/snapshot';
import { openStore } from './session/store';
import type { SessionState, StoredState } from './session/types';
import { bufferVisible, drainVisible } from './session/visible-time';
import { watchVisibleTime } from './signals/visibility';
import { collectVitals } from './signals/vitals';
import type { MarketerConfig } from './types';

/** Starts the scoring half: vitals begin collecting, the config file is fetched and validated. */
export function createScoring(ctx: ScoringContext, page: PageFacts | undefined): Scoring {
  const { options, journal, reporter, isActive } = ctx;
  const store = openStore(reporter.report, window);
  // Every read of the session starts with the journal drained: the views the core wrote count first.
  const sync = () => drain(store, journal, ctx.rules, reporter.report);
  const vitals = collectVitals();
  let config: MarketerConfig = ctx.config;
  let blocked = '';
  const configReady = loadConfig(options.configUrl, ctx.config, ctx.timeoutMs, reporter).then(
    (r) => ({ config, blocked } = r),
  );
  const settings = () => settingsOf(config, blocked, options.holdoutArm);
  const inputs = createInputs(
    navigator.userAgent,
    () => config.specialDays,
    // A visitor is only known to be new or returning where storage outlives the tab.
    () => /^(indexeddb|localstorage)$/.test(store.kind()),
  );
  const scorer = createScorer(
    `${ctx.assets}intent-runtime.js`,
    options.modelBaseUrl ?? `${ctx.assets}models`,
    ctx.timeoutMs,
  );
  const probabilityOf = async (session: SessionState, at: number) => {
    const variant = (await ctx.pageStats) ? 'full' : 'behavioral';
    const model = await scorer.load(variant);
    const features = inputs.recordOf(session, at);
    return { probability: model.score(features), variant, modelVersion: model.modelVersion, features } as const;
  };
  const outbox = {
    ...ctx,
    store,
    inputs,
    armOf: (state: StoredState) => armOf(state, settings()),
    send: (url: string, data: Blob) => navigator.sendBeacon(url, data),
  };
  // Visible time of this page, per page type, buffered when the page is hidden or left (see ./session/visible-time.ts).
  const stop = watchVisibleTime(
    window,
    () => page?.type ?? 'other',
    (type, ms) => isActive() && bufferVisible(type, ms),
  );
  /**
   * Reads the current session after the config is known (its special days and holdout change inputs
   * and arm), draining the journal first unless the caller just did.
   */
  const current = async (read: () => Promise<StoredState | undefined> = sync) => {
    await configReady;
    const state = revive(await read());
    return state?.session ? { state, session: state.session } : null;
  };

  return {
    async decide(facts) {
      page = facts;
      await configReady;
      if (!isActive()) return;
      reporter.log('page view', facts.type, (await sync())?.session?.views, 'in session');
      await exportEnded(outbox, drainVisible());
      const s = settings();
      const now = Date.now();
      const read = await current(store.read); // drained above
      if (!read || hasEnded(read.session, now, ctx.rules.timeoutMs)) return;
      const { session } = read;
      const pageViews = session.views;
      const skip = gateBeforeScoring(session, s, now);
      if (skip) return announce(window, reporter, { action: 'none', reason: skip, pageViews });
      const scored = await probabilityOf(read.session, now);
      let decision = { action: 'none', reason: REASONS.sessionChanged } as Decision;
      // Decide again inside the transaction: another tab may have shown an offer meanwhile, or
      // started a new session (campaign, midnight) while this one scored the old.
      await store.update((old) => {
        const fresh = revive(old);
        if (fresh?.session?.id !== session.id) return old as StoredState;
        decision = decide(scored.probability, fresh, s, now);
        return addScore(recordDecision(fresh, decision, now), scored, scored.modelVersion);
      });
      announce(window, reporter, { ...decision, probability: scored.probability, pageViews });
      if (decision.action === 'none' || !isActive()) return;
      const { probability, variant, modelVersion, features } = scored;
      const event = {
        probability,
        offer: decision.offer,
        variant,
        modelVersion,
        sessionId: session.id,
        features,
        vitals: { ...vitals },
        pageViews,
        arm: decision.arm,
      };
      deliver(window, reporter, event, ctx.onLowIntent, options);
    },
    async score() {
      const read = await current();
      if (!read) return null;
      const { probability, variant } = await probabilityOf(read.session, Date.now());
      return { probability, variant };
    },
    async snapshot() {
      const read = await current();
      return (
        read &&
        snapshotOf(read.session, inputs.recordOf(read.session, Date.now()), armOf(read.state, settings()), store.kind())
      );
    },
    sync: () => sync().then(() => {}),
    clear: () => store.clear(),
    stop,
  };
}
