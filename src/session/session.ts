import type { SessionRecord, Variant } from '../features/types';
import type { EndedSession, SessionState, StoredState, Tally } from './types';
import type { PageStat, PageType, SessionScore, TrafficSource } from '../types';

/** Version of the stored record; a record from another version is discarded, not misread. */
export const STATE_VERSION = 1;

/** One page view as the session reducer sees it. */
export interface PageView {
  at: number;
  type: PageType;
  campaign: string;
  /** The page's statistics, or null when none are configured for it. */
  stat: PageStat | null;
  /** The landing page's traffic source, on a document's first view: a session it starts keeps it. */
  source?: TrafficSource;
}

/** Session rules that do not come from the page. */
export interface SessionRules {
  timeoutMs: number;
  random: () => number;
}

const tally = (): Tally => ({ administrative: 0, informational: 0, product: 0, other: 0 });

/** The local calendar day of a timestamp: Universal Analytics ends sessions at midnight. */
export function localDay(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** A random id (hex): session ids are random, never derived from the visitor. */
export function randomId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 16; i++) id += Math.floor(random() * 16).toString(16);
  return id;
}

function isNum(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Accepts a stored record only if it has this version and the shape the SDK writes; anything
 * else (another version, wrong types, garbage) yields undefined and the visitor starts afresh.
 */
export function revive(raw: unknown): StoredState | undefined {
  const s = raw as StoredState;
  const v = s?.visitor;
  if (!s || s.v !== STATE_VERSION || !v || !isNum(v.bucket) || !isNum(v.sessions) || !isNum(v.lastOfferAt))
    return undefined;
  if (s.outbox !== undefined && !Array.isArray(s.outbox)) return undefined;
  if (s.applied !== undefined && !(Array.isArray(s.applied) && s.applied.every((a) => Array.isArray(a) && isNum(a[1]))))
    return undefined;
  const t = s.session;
  if (t === null) return s;
  const tallies =
    t &&
    [t.counts, t.durations].every(
      (x) => x && ['administrative', 'informational', 'product', 'other'].every((k) => isNum(x[k as PageType])),
    );
  const ok =
    tallies &&
    typeof t.id === 'string' &&
    [
      t.startedAt,
      t.lastAt,
      t.views,
      t.offers,
      t.holdouts,
      t.stats?.n,
      t.stats?.value,
      t.stats?.bounce,
      t.stats?.exit,
    ].every(isNum);
  return ok ? s : undefined;
}

/** A new visitor: the sticky bucket decides the holdout arm for as long as the browser keeps it. */
export function newState(random: () => number): StoredState {
  return {
    v: STATE_VERSION,
    visitor: { bucket: random(), sessions: 0, lastOfferAt: 0, lastOfferSession: '' },
    session: null,
  };
}

/** Why a session is over at `at` (inactivity past the timeout, or a new local day), or null. */
export function endOf(s: SessionState, at: number, timeoutMs: number): EndedSession['endReason'] | null {
  return at - s.lastAt > timeoutMs ? 'timeout' : localDay(at) !== s.day ? 'midnight' : null;
}

/** Whether a session is over at `at`. */
export function hasEnded(s: SessionState, at: number, timeoutMs: number): boolean {
  return endOf(s, at, timeoutMs) !== null;
}

/** Keeps at most this many unexported ended sessions: an export that never runs must not grow storage. */
const OUTBOX_LIMIT = 20;

/**
 * Adds a page view with Google Analytics semantics: the view counts at once with duration 0, and
 * the previous page's duration (time until this view) is added now. A timeout, midnight or a new
 * campaign ends the session first; the ended session's last page keeps duration 0, as in the data.
 */
export function addPageView(old: StoredState | undefined, view: PageView, rules: SessionRules): StoredState {
  const state = revive(old) ?? newState(rules.random);
  let s = state.session;
  const ended =
    s && (endOf(s, view.at, rules.timeoutMs) ?? (view.campaign && view.campaign !== s.campaign ? 'campaign' : null));
  if (!s || ended) {
    const visitor = { ...state.visitor, sessions: state.visitor.sessions + 1 };
    const outbox =
      s && ended ? [...(state.outbox ?? []), { session: s, endReason: ended }].slice(-OUTBOX_LIMIT) : state.outbox;
    s = {
      id: randomId(rules.random),
      startedAt: view.at,
      lastAt: view.at,
      day: localDay(view.at),
      campaign: view.campaign,
      views: 0,
      counts: tally(),
      durations: tally(),
      current: null,
      stats: { bounce: 0, exit: 0, value: 0, n: 0 },
      newVisitor: visitor.sessions === 1,
      offers: 0,
      holdouts: 0,
      purchased: false,
      ...(view.source ? { source: view.source } : {}),
    };
    return addPageView({ ...state, visitor, session: s, ...(outbox ? { outbox } : {}) }, view, rules);
  }
  const durations = { ...s.durations };
  // A clock that jumped backwards (or a tab that commits late) adds nothing rather than a negative time.
  if (s.current) durations[s.current.type] += Math.max(0, view.at - s.current.at);
  const stats = view.stat
    ? {
        bounce: s.stats.bounce + view.stat.bounceRate,
        exit: s.stats.exit + view.stat.exitRate,
        value: s.stats.value + view.stat.pageValue,
        n: s.stats.n + 1,
      }
    : s.stats;
  return {
    ...state,
    session: {
      ...s,
      views: s.views + 1,
      counts: { ...s.counts, [view.type]: s.counts[view.type] + 1 },
      durations,
      stats,
      // Tabs may commit their views out of order: time never runs backwards inside a session, so
      // the durations of a session always add up to its span.
      current: { type: view.type, at: Math.max(view.at, s.current?.at ?? view.at) },
      lastAt: Math.max(s.lastAt, view.at),
    },
  };
}

/** Marks the session as bought (no offers for the rest of it); a purchase is activity too. */
export function addPurchase(old: StoredState | undefined, at: number, rules: SessionRules): StoredState {
  const state = revive(old) ?? newState(rules.random);
  const s = state.session;
  if (!s || hasEnded(s, at, rules.timeoutMs)) return state;
  return { ...state, session: { ...s, purchased: true, lastAt: Math.max(s.lastAt, at) } };
}

/** What the scorer hands {@link addScore}: its answer and the features it answered for. */
export interface ScoreInput {
  probability: number;
  variant: Variant;
  leaveRisk?: number | null;
  features: SessionRecord;
}

/**
 * Keeps a score in the session (the last 50, so storage and the export stay bounded) with the model
 * that made it and the features it scored: the export then carries the state the browser saw at
 * each scored page view (counts and durations, no URL), which retraining can use.
 */
export function addScore(
  state: StoredState,
  { probability, variant, leaveRisk, features }: ScoreInput,
  modelVersion: string,
): StoredState {
  const s = state.session;
  if (!s) return state;
  const score: SessionScore = {
    pageIndex: s.views,
    probability,
    variant,
    ...(typeof leaveRisk === 'number' ? { leaveRisk } : {}),
    modelVersion,
    features: { ...features },
  };
  const scores = [...(s.scores ?? []), score].slice(-50);
  return { ...state, session: { ...s, scores, modelVersion } };
}

/** Adds visible milliseconds per page type (the Page Visibility counterpart of durations). */
function addVisible(s: SessionState, pending: Partial<Tally>): SessionState {
  const visible = { administrative: 0, informational: 0, product: 0, other: 0, ...s.visible };
  for (const [type, ms] of Object.entries(pending))
    if (type in visible && ms! > 0 && ms! < 864e5) visible[type as PageType] += ms!;
  return { ...s, visible };
}

/**
 * Housekeeping on each page's idle time: takes the ended sessions out of the state (whoever takes
 * them exports them, exactly once) and adds the visible time measured on the tab's previous pages.
 */
export function takeOutbox(
  old: StoredState | undefined,
  visible: Partial<Tally>,
): { state: StoredState | undefined; taken: EndedSession[] } {
  let state = revive(old);
  if (!state) return { state: old, taken: [] };
  if (state.session) state = { ...state, session: addVisible(state.session, visible) };
  const taken = (state.outbox ?? []).filter((e) => revive({ ...state!, session: e?.session }));
  return { state: state.outbox?.length ? { ...state, outbox: [] } : state, taken };
}
