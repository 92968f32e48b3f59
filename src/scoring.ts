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
import { watchExitIntent } from './signals/exit-intent';
import { watchVisibleTime } from './signals/visibility';
import { collectVitals } from './signals/vitals';
import { failed } from './lib/reporter';
import type { LowIntentEvent, MarketerConfig } from './types';

/**
 * An offer or holdout decision taken at a page view under `trigger: 'exit-intent'`, waiting for the
 * page's exit signal: the event as it will be delivered (its offer and arm are taken again then).
 */
type Pending = Omit<LowIntentEvent, 'vitals'>;

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
  /** The purchase probability and the leave risk, from the same features. */
  const probabilityOf = async (session: SessionState, at: number) => {
    const variant = (await ctx.pageStats) ? 'full' : 'behavioral';
    const model = await scorer.load(variant);
    const features = inputs.recordOf(session, at);
    const risk = model.leaveRisk(features);
    // Anything but a probability reads as no leave-risk model: minLeaveRisk then offers nothing.
    const leaveRisk = typeof risk === 'number' && risk >= 0 && risk <= 1 ? risk : null;
    return {
      probability: model.score(features),
      leaveRisk,
      variant,
      modelVersion: model.modelVersion,
      features,
    } as const;
  };
  const outbox = {
    ...ctx,
    store,
    inputs,
    armOf: (state: StoredState) => armOf(state, settings()),
    send: (url: string, data: Blob) => navigator.sendBeacon(url, data),
  };
  // Visible time of this page, per page type, buffered when the page is hidden or left (see ./session/visible-time.ts).
  const stopVisible = watchVisibleTime(
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

  // Under 'exit-intent': this page's decision waiting for its exit signal, and the page it belongs to.
  let pending: Pending | null = null;
  let unwatchExit = () => {};
  let pageSeq = 0;
  const dropPending = () => {
    pending = null;
    unwatchExit();
    unwatchExit = () => {};
  };

  /**
   * The exit signal of a page with a pending decision: the decision is taken again inside the
   * transaction (another tab may have shown an offer, the visit may have bought), recorded as an
   * exit-intent decision, then delivered: onLowIntent for treatment, onHoldout for control, at this
   * same moment.
   */
  const onExit = async (event: Pending) => {
    if (pending !== event) return;
    dropPending(); // at most once per page
    if (!isActive()) return;
    await sync(); // a purchase the core journaled counts first
    const now = Date.now();
    let decision = { action: 'none', reason: REASONS.sessionChanged } as Decision;
    await store.update((old) => {
      const fresh = revive(old);
      if (fresh?.session?.id !== event.sessionId || hasEnded(fresh.session, now, ctx.rules.timeoutMs))
        return old as StoredState;
      decision = decide(event.probability, fresh, settings(), now, event.leaveRisk);
      return recordDecision(fresh, decision, now, { trigger: 'exit-intent', pageIndex: event.pageViews });
    });
    const { probability, leaveRisk, pageViews } = event;
    announce(window, reporter, {
      ...decision,
      probability,
      leaveRisk,
      pageViews,
      trigger: 'exit-intent',
      pending: false,
    });
    if (decision.action === 'none' || !isActive()) return;
    const delivered = { ...event, offer: decision.offer, arm: decision.arm, vitals: { ...vitals } };
    deliver(window, reporter, delivered, ctx.onLowIntent, options);
  };

  return {
    newPage() {
      pageSeq++;
      dropPending();
    },
    async decide(facts) {
      page = facts;
      const seq = pageSeq;
      await configReady;
      if (!isActive()) return;
      reporter.log('page view', facts.type, (await sync())?.session?.views, 'in session');
      await exportEnded(outbox, drainVisible());
      const s = settings();
      const { trigger } = s;
      const now = Date.now();
      const read = await current(store.read); // drained above
      if (!read || hasEnded(read.session, now, ctx.rules.timeoutMs)) return;
      const { session } = read;
      const pageViews = session.views;
      const skip = gateBeforeScoring(session, s, now);
      if (skip) return announce(window, reporter, { action: 'none', reason: skip, pageViews, trigger });
      const scored = await probabilityOf(read.session, now);
      let decision = { action: 'none', reason: REASONS.sessionChanged } as Decision;
      // Decide again inside the transaction: another tab may have shown an offer meanwhile, or
      // started a new session (campaign, midnight) while this one scored the old. Under
      // 'exit-intent' nothing is recorded yet: the decision counts when its exit signal delivers it.
      await store.update((old) => {
        const fresh = revive(old);
        if (fresh?.session?.id !== session.id) return old as StoredState;
        decision = decide(scored.probability, fresh, s, now, scored.leaveRisk);
        const recorded = trigger === 'pageview' ? recordDecision(fresh, decision, now) : fresh;
        return addScore(recorded, scored, scored.modelVersion);
      });
      const { probability, leaveRisk, variant, modelVersion, features } = scored;
      const onExitIntent = trigger === 'exit-intent' && decision.action !== 'none';
      announce(window, reporter, {
        ...decision,
        probability,
        leaveRisk,
        pageViews,
        trigger,
        ...(onExitIntent ? { pending: true } : {}),
      });
      if (decision.action === 'none' || !isActive()) return;
      const event = {
        probability,
        leaveRisk,
        trigger,
        offer: decision.offer,
        variant,
        modelVersion,
        sessionId: session.id,
        features,
        pageViews,
        arm: decision.arm,
      };
      if (!onExitIntent)
        return deliver(window, reporter, { ...event, vitals: { ...vitals } }, ctx.onLowIntent, options);
      // The latest decision of the page stands until its exit signal, unless the visitor moved on
      // to another page (a route change) while this one was scored.
      if (seq !== pageSeq) return;
      dropPending();
      const p: Pending = (pending = event);
      unwatchExit = watchExitIntent(window, facts.at, s.exitIntent, (signal) => {
        reporter.log('exit intent', signal);
        onExit(p).catch(failed(reporter.report, 'delivering the offer on exit intent', 'storage'));
      });
    },
    async score() {
      const read = await current();
      if (!read) return null;
      const { probability, leaveRisk, variant } = await probabilityOf(read.session, Date.now());
      return { probability, leaveRisk, variant };
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
    stop() {
      stopVisible();
      dropPending();
    },
  };
}
