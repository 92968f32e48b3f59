/**
 * The public types: what a shop's code passes to the SDK and gets back (options, callbacks, events,
 * exports). src/index.ts re-exports every one of them; nothing here describes storage.
 */
import type { Decision } from './policy/policy';
import type { SessionRecord, Variant } from './features/types';

export type { SessionRecord, Variant } from './features/types';

/** The page types the model counts. `other` pages count as page views but in no per-type column. */
export type PageType = 'administrative' | 'informational' | 'product' | 'other';

/** Google Analytics page statistics for one page, in the training data's units. */
export interface PageStat {
  /** Share of sessions that entered on this page and left without another view (0..1). */
  bounceRate: number;
  /** Share of this page's views that were the session's last (0..1). */
  exitRate: number;
  /** Average revenue value of the page (Google Analytics "Page Value"). */
  pageValue: number;
}

/** Page statistics by path: exact paths (`/cart`), globs (`/products/*`), and `*` for unlisted pages. */
export type PageStats = Record<string, PageStat>;

/** An offer the marketer configured. Extra fields pass through to the callback untouched. */
export interface Offer {
  id: string;
  /** Fires when the purchase probability is below this value (0..1). */
  below: number;
  [extra: string]: unknown;
}

/** A special day: `MM-DD` every year, or `YYYY-MM-DD` once. The value ramps up to 1 `peakDaysBefore` it. */
export interface SpecialDay {
  date: string;
  /** Days before the date when shopping for it peaks (default 6, as Valentine's Day in the data). */
  peakDaysBefore?: number;
}

/** The keys a marketer can set in the JSON config file (`configUrl` / `data-config`). */
export interface MarketerConfig {
  /** Shorthand for one offer: `{ id: 'default', below: threshold }`. */
  threshold?: number;
  offers?: Offer[];
  minPageViews?: number;
  minSessionSeconds?: number;
  maxOffersPerSession?: number;
  cooldownDays?: number;
  holdout?: number;
  specialDays?: SpecialDay[];
  /**
   * When the offer reaches the visitor: `'pageview'` (default) delivers a decision the moment it is
   * taken, after a page view; `'exit-intent'` takes it at the same moment but delivers it at the
   * page's first exit-intent signal (see {@link ExitIntentOptions}), while it still stands.
   */
  trigger?: Trigger;
  /** Offer only when `leaveRisk` is at least this (0..1); with no leave-risk model served, no offer at all (fail safe). */
  minLeaveRisk?: number;
  /** Tuning of the exit-intent signals (with `trigger: 'exit-intent'`). */
  exitIntent?: ExitIntentOptions;
}

/** When a decision reaches the visitor: at the page view, or at the page's first exit-intent signal. */
export type Trigger = 'pageview' | 'exit-intent';

/**
 * The exit-intent signals. On a pointer device: the pointer leaves the viewport through the top
 * edge (towards the tabs, address bar or close button). On a touch device, where no pointer leaves:
 * a fast upward scroll after scrolling down the page, or the page left idle after scrolling back to
 * its top. No signal counts before `minSecondsOnPage`.
 */
export interface ExitIntentOptions {
  /** How close to the top edge (px) the pointer must leave the viewport (default 20, as ouibounce). */
  sensitivity?: number;
  /** Seconds on the page before any signal counts (default 3). */
  minSecondsOnPage?: number;
  /** Touch: upward scroll speed (px per ms, over 100 ms) that signals exit intent (default 1; 0 turns the signal off). */
  scrollUpSpeed?: number;
  /** Touch: how far down (px) the visitor must have scrolled before a scroll signal counts (default 200). */
  minScrollDepth?: number;
  /** Touch: seconds without input, back at the top after scrolling down, that signal exit intent (default 5; 0 turns the signal off). */
  idleAtTopSeconds?: number;
}

/** Latest web-vitals values of the current page (milliseconds; CLS unitless). */
export interface Vitals {
  LCP?: number;
  INP?: number;
  CLS?: number;
  FCP?: number;
  TTFB?: number;
}

/** An error the SDK reports through `onError` instead of throwing into the page. */
export interface IntentTrackerError {
  /** What failed: `option` and `config` name the field in `field`; `consent` is the consent platform of `consentFrom`. */
  code: 'option' | 'config' | 'argument' | 'storage' | 'model' | 'page-stats' | 'callback' | 'consent';
  message: string;
  field?: string;
  cause?: unknown;
}

/** What the shop's `onLowIntent` callback (and `onHoldout`) receive. */
export interface LowIntentEvent {
  /** Calibrated probability that this visit ends in a purchase (0..1). */
  probability: number;
  /**
   * Calibrated probability (0..1) that the visit ends within the next 2 page views, from the same
   * features as `probability`; null while the served model has no leave-risk model.
   */
  leaveRisk: number | null;
  /** Whether the offer came at the page view or at an exit-intent signal (see `trigger`). */
  trigger: Trigger;
  offer: Offer;
  variant: Variant;
  modelVersion: string;
  sessionId: string;
  /** The session under the original UCI column names, as the encoder reads it (it derives its totals from these). */
  features: SessionRecord;
  vitals: Vitals;
  /** Page views in the session when it was scored. */
  pageViews: number;
  /** `treatment` for the callback, `control` for `onHoldout`. */
  arm: HoldoutArm;
}

/** Whether a visitor can get offers (`treatment`) or is held out to measure their effect (`control`). */
export type HoldoutArm = 'treatment' | 'control';

/** The consent platforms `consentFrom` reads: IAB TCF v2.2/2.3 (`__tcfapi`), or Google Consent Mode v2 (`dataLayer`). */
export type ConsentSource = 'tcf' | 'google-consent-mode';

/** Options of `initIntentTracker`. All are optional; see the README's options table. */
export interface TrackerOptions extends MarketerConfig {
  /** Where `full/` and `behavioral/` model folders are served; default `models/` beside the script. */
  modelBaseUrl?: string;
  /** The folder serving the SDK's lazy files (`intent-scoring.js`, `intent-runtime.js`, `intent-consent.js`); default: the script's own folder. */
  assetBaseUrl?: string;
  /** URL of the marketer's JSON config; its keys override the same keys given here. */
  configUrl?: string;
  /** Page statistics, or a URL to them as JSON. With statistics the `full` model scores. */
  pageStats?: PageStats | string;
  /** URL rules per page type, used when the page declares no type: globs on the path, or RegExps. */
  pageTypes?: Partial<Record<Exclude<PageType, 'other'>, (string | RegExp)[]>>;
  /** Count History API route changes as page views (single-page apps). */
  spa?: boolean;
  /** Minutes of inactivity that end a session (default 30). */
  sessionTimeoutMinutes?: number;
  /** Honour Global Privacy Control and Do Not Track (default true). */
  respectPrivacySignals?: boolean;
  /** Record nothing until `setConsent(true)` (default false). */
  requireConsent?: boolean;
  /**
   * Take consent from the page's consent platform instead of `setConsent` calls (implies
   * `requireConsent`): its grant starts tracking, its withdrawal deletes what was stored, as
   * `setConsent(true)` and `setConsent(false)` do. Global Privacy Control and Do Not Track still win.
   * The adapter is `intent-consent.js`, loaded beside the script only with this option; a platform
   * that throws, or gives no answer within `requestTimeoutMs`, is reported (`code: 'consent'`) and
   * nothing is tracked until it answers. TCF: the `__tcfapi` function, or the stub the CMP defines
   * before it loads (not the `__tcfapiLocator` iframe of a CMP in a parent frame).
   */
  consentFrom?: ConsentSource;
  /**
   * What the platform must grant, all of it.
   *
   * For `'tcf'`, purpose ids; default `[1, 5, 6]`: 1 the SDK stores the visit on the device, 5 it
   * models the visit (a profile), 6 it uses that to select content (the offer). Each counts granted
   * in the publisher's own purposes (`publisher.consents`: the SDK is the shop's first-party tool,
   * not a registered vendor) or in the purpose consents (`purpose.consents`: what most CMPs, which
   * ask no publisher purposes, record as the visitor's answer). `gdprApplies: false` grants.
   *
   * For `'google-consent-mode'`, consent types; default `['analytics_storage']`, one of the four types
   * every Consent Mode v2 platform sets, for first-party storage that measures the visit (the
   * `ad_*` types are about Google's advertising). Add `personalization_storage` where your platform
   * sets it: a type never set counts as not granted.
   */
  consentRequires?: number[] | string[];
  /** Force the holdout arm (for tests and QA), instead of the sticky random assignment. */
  holdoutArm?: HoldoutArm;
  /** Called instead of `onLowIntent` for visitors in the control arm. */
  onHoldout?: (event: LowIntentEvent) => void;
  /** Every failure the SDK absorbed. */
  onError?: (error: IntentTrackerError) => void;
  /** Log decisions and errors to the console. */
  debug?: boolean;
  /** Abort model, config and page-statistics requests after this many ms (default 10000); also how long `consentFrom`'s platform may take to answer before it is reported. */
  requestTimeoutMs?: number;
  /** Called once with each finished session (off unless given). */
  onSessionEnd?: (record: SessionExport) => void;
  /** The shop's own endpoint that receives each finished session as JSON by `navigator.sendBeacon`. */
  collectUrl?: string;
}

/** A read-only view of the current session, for debugging and measurement. */
export interface SessionSnapshot {
  sessionId: string;
  startedAt: number;
  pageViews: number;
  counts: Record<PageType, number>;
  /** Seconds per page type, with Google Analytics semantics (a page's time runs until the next view). */
  durations: Record<PageType, number>;
  visitorType: string;
  arm: HoldoutArm;
  offersShown: number;
  holdoutDecisions: number;
  purchased: boolean;
  /**
   * The storage layer in use: IndexedDB, else localStorage, else sessionStorage (this tab only), else
   * `memory` (this page only). The visitor type is known with the first two.
   */
  storage: 'indexeddb' | 'localstorage' | 'sessionstorage' | 'memory';
  features: SessionRecord;
}

/** The tracker `initIntentTracker` returns. No method throws. */
export interface IntentTracker {
  /** Count a page view (single-page apps, or a type the page does not declare). */
  trackPageView(info?: { type?: PageType }): void;
  /** The visit bought: no offer fires for the rest of the session. */
  recordPurchase(): void;
  /** Scores the current session now, or null when tracking is off or scoring failed. */
  score(): Promise<{ probability: number; leaveRisk: number | null; variant: Variant } | null>;
  /** Grants or withdraws consent; withdrawing deletes what was stored. */
  setConsent(granted: boolean): void;
  /** The current session, or null when tracking is off. */
  getSession(): Promise<SessionSnapshot | null>;
  /**
   * For QA: deletes the stored session and visitor (as `setConsent(false)` does) but keeps tracking
   * on, so the next page view starts a new session, with its offer cap, cooldown and holdout bucket
   * afresh. Resolves when storage is cleared; never rejects (a failure goes to `onError`).
   */
  reset(): Promise<void>;
  /** Stops tracking and removes its listeners (web vitals' stay: they cannot be removed); a later `initIntentTracker` starts afresh. */
  destroy(): void;
}

/**
 * The detail of the `intenttracker:decision` event: what was decided after a page view, and why.
 * Under `trigger: 'exit-intent'` an offer or holdout decision comes twice: first with `pending: true`
 * when it is taken at the page view (nothing recorded or delivered yet), then with `pending: false`
 * at the exit-intent signal, when it is recorded and delivered (or `action: 'none'` with the reason,
 * when the session changed meanwhile: a purchase, the cap reached in another tab).
 */
export type DecisionDetail = Decision & {
  probability?: number;
  leaveRisk?: number | null;
  pageViews: number;
  trigger?: Trigger;
  pending?: boolean;
};

/** Where a session came from, from the referrer and utm parameters (never the values themselves). */
export type TrafficSource = 'direct' | 'search' | 'social' | 'email' | 'paid' | 'referral';

/**
 * One score of a session as it is stored and exported (`SessionExport.scores`): what the model
 * answered and the state it answered it for, so that a data person can retrain or re-score on the
 * states the browser actually saw at each scored page view (not only the session's final totals).
 */
export interface SessionScore {
  /** The page view the score followed (1-based, like `LowIntentEvent.pageViews`). */
  pageIndex: number;
  /** Calibrated purchase probability (0..1), as `LowIntentEvent.probability`. */
  probability: number;
  /** The model variant that scored: `full` with page statistics, else `behavioral`. */
  variant: Variant;
  /** The leave-risk probability (0..1); absent when the served model has no leave-risk model. */
  leaveRisk?: number;
  /** The content hash of the model that scored (`<variant>-<12 hex digits>`), as `LowIntentEvent.modelVersion`. */
  modelVersion: string;
  /**
   * The session at that page view under the UCI column names, exactly as the encoder read it:
   * counts, durations (seconds), page-statistic averages, special day, month, visitor type, weekend,
   * and the browser family and traffic-source class. Counts and classes only: no URL, no identifier.
   */
  features: SessionRecord;
}

/**
 * One finished session as the SDK exports it (`onSessionEnd`, `collectUrl`): the UCI columns the
 * browser can reproduce, the outcome, and what the SDK did. No URL, no identifier.
 */
export interface SessionExport {
  /** The record's format version (1); `npm run export-csv` refuses others. */
  schemaVersion: 1;
  /** The UCI feature columns; BounceRates, ExitRates and PageValues are 0 without page statistics. */
  features: SessionRecord;
  /** True when `recordPurchase()` was called in the session (the UCI `Revenue` column). */
  Revenue: boolean;
  /** Whether page statistics were configured (the three page-statistic columns are meaningful). */
  hasPageStats: boolean;
  /** Browser and OS families as names, e.g. `Chrome`, `Android` (not the dataset's anonymised codes). */
  browserFamily: string;
  /** Operating-system family as a name, e.g. `Windows`, `iOS`. */
  osFamily: string;
  /** The landing page's traffic-source class (never the referrer or the utm values themselves). */
  trafficSource: TrafficSource;
  /** The visitor's holdout arm when the session was exported. */
  arm: HoldoutArm;
  /** Every score of the session (the last 50), in order: see {@link SessionScore} for each field. */
  scores: SessionScore[];
  /** Ids of the offers shown (treatment) or decided (control). */
  offers: string[];
  /**
   * Every recorded offer or holdout decision, in order (the last 20): the page view (1-based) it was
   * taken at, the trigger that delivered it, the offer and the arm. Under `'exit-intent'` only the
   * decisions whose exit signal came are here (the others were never shown, nor counted).
   */
  decisions: { pageIndex: number; trigger: Trigger; offerId: string; arm: HoldoutArm }[];
  /** The model of the session's last score (each score names its own in `scores[].modelVersion`); null when never scored. */
  modelVersion: string | null;
  /** Seconds the pages of each type were visible (Page Visibility), as opposed to GA durations. */
  visibleSeconds: Record<PageType, number>;
  /** Why the session ended. */
  endReason: 'timeout' | 'midnight' | 'campaign';
  /** Local calendar day the session started on (`YYYY-MM-DD`). */
  day: string;
}
