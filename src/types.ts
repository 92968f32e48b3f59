/**
 * Shared types: the one place where the shapes that cross module boundaries are declared.
 * The SDK (src/) and the training pipeline (model/) both import from here.
 */

/** The two shipped model variants: with the shop's page statistics, or from behaviour alone. */
export type Variant = 'full' | 'behavioral';

/**
 * One session under the original UCI column names (Sakar et al. 2018). The browser produces the
 * columns a variant needs; the four anonymised codes are only present in the training file.
 */
export interface SessionRecord {
  Administrative: number;
  Administrative_Duration: number;
  Informational: number;
  Informational_Duration: number;
  ProductRelated: number;
  ProductRelated_Duration: number;
  BounceRates: number;
  ExitRates: number;
  PageValues: number;
  SpecialDay: number;
  /** Three-letter month as in the data (`Feb`, `Mar`, ...); `June` is accepted as `Jun`. */
  Month: string;
  VisitorType: string;
  Weekend: boolean;
  OperatingSystems?: number;
  Browser?: number;
  Region?: number;
  TrafficType?: number;
  /**
   * Only in a shop's own sessions (see {@link SessionExport}): a model retrained on them with these
   * columns encodes them as categories, and then needs them in every record it scores.
   */
  browserFamily?: string;
  trafficSource?: string;
}

/** A column name of {@link SessionRecord}. */
export type FeatureColumn = keyof SessionRecord;

/** Session totals the encoder derives from the per-type counts and durations (see features/derived.ts). */
export type DerivedColumn = 'TotalPages' | 'TotalDuration' | 'ProductPageShare' | 'SecondsPerPage';

/** Where a numeric input comes from: a column of the record, or a total derived from several. */
export type NumericColumn = FeatureColumn | DerivedColumn;

/** How a numeric column is transformed before standardisation. */
export type NumericTransform = 'log1p' | 'identity';

/** A numeric model input: `(transform(x) - mean) / std`. */
export interface NumericFeature {
  column: NumericColumn;
  transform: NumericTransform;
  mean: number;
  std: number;
}

/** A 0/1 model input: a boolean column, or `x > 0` for a numeric one. */
export interface FlagFeature {
  column: FeatureColumn;
  test: 'true' | 'positive';
}

/** One-hot inputs for a categorical column; an unseen category encodes as the training prior. */
export interface CategoricalFeature {
  column: FeatureColumn;
  categories: string[];
  /** Share of each category in the training rows: the encoding of a category not in `categories`. */
  prior: number[];
}

/**
 * The fitted encoder, saved as JSON next to the model. Inputs are laid out in the order
 * numeric, flags, then each categorical's one-hot block; `inputNames` spells that order out.
 */
export interface EncoderSpec {
  schemaVersion: number;
  variant: Variant;
  numeric: NumericFeature[];
  flags: FlagFeature[];
  categorical: CategoricalFeature[];
  inputNames: string[];
}

/** Which columns a variant uses and how: the unfitted half of an {@link EncoderSpec}. */
export interface FeatureSet {
  numeric: { column: NumericColumn; transform: NumericTransform }[];
  flags: FlagFeature[];
  categorical: FeatureColumn[];
}

// ---------------------------------------------------------------------------------------------
// Browser SDK
// ---------------------------------------------------------------------------------------------

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
  /** What failed: `option` and `config` name the field in `field`. */
  code: 'option' | 'config' | 'argument' | 'storage' | 'model' | 'page-stats' | 'callback';
  message: string;
  field?: string;
  cause?: unknown;
}

/** What the shop's `onLowIntent` callback (and `onHoldout`) receive. */
export interface LowIntentEvent {
  /** Calibrated probability that this visit ends in a purchase (0..1). */
  probability: number;
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

/** Options of `initIntentTracker`. All are optional; see the README's options table. */
export interface TrackerOptions extends MarketerConfig {
  /** Where `full/` and `behavioral/` model folders are served; default `models/` beside the script. */
  modelBaseUrl?: string;
  /** The folder serving the SDK's lazy files (`intent-scoring.js`, `intent-runtime.js`); default: the script's own folder. */
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
  /** Force the holdout arm (for tests and QA), instead of the sticky random assignment. */
  holdoutArm?: HoldoutArm;
  /** Called instead of `onLowIntent` for visitors in the control arm. */
  onHoldout?: (event: LowIntentEvent) => void;
  /** Every failure the SDK absorbed. */
  onError?: (error: IntentTrackerError) => void;
  /** Log decisions and errors to the console. */
  debug?: boolean;
  /** Abort model, config and page-statistics requests after this many ms (default 10000). */
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
  /** `memory` when IndexedDB is unavailable and the session lives in this page only. */
  storage: 'indexeddb' | 'memory';
  features: SessionRecord;
}

/** The tracker `initIntentTracker` returns. No method throws. */
export interface IntentTracker {
  /** Count a page view (single-page apps, or a type the page does not declare). */
  trackPageView(info?: { type?: PageType }): void;
  /** The visit bought: no offer fires for the rest of the session. */
  recordPurchase(): void;
  /** Scores the current session now, or null when tracking is off or scoring failed. */
  score(): Promise<{ probability: number; variant: Variant } | null>;
  /** Grants or withdraws consent; withdrawing deletes what was stored. */
  setConsent(granted: boolean): void;
  /** The current session, or null when tracking is off. */
  getSession(): Promise<SessionSnapshot | null>;
  /** Stops tracking and removes its listeners (web vitals' stay: they cannot be removed); a later `initIntentTracker` starts afresh. */
  destroy(): void;
}

/** Per-page-type tallies, in the order of {@link PageType}. */
export type Tally = Record<PageType, number>;

/** One session as stored: counts, durations, sums, timestamps and a random id. No URL, no identifier. */
export interface SessionState {
  id: string;
  startedAt: number;
  /** Last page view or purchase: the inactivity timeout runs from here. */
  lastAt: number;
  /** Local calendar day the session started on (`Y-M-D`): sessions end at midnight. */
  day: string;
  /** Hash of the landing campaign parameters ('' for none): a new campaign starts a new session. */
  campaign: string;
  views: number;
  counts: Tally;
  /** Milliseconds per type; the page being viewed adds its time only when the next view comes. */
  durations: Tally;
  current: { type: PageType; at: number } | null;
  /** Sums of the viewed pages' statistics and how many views had statistics. */
  stats: { bounce: number; exit: number; value: number; n: number };
  newVisitor: boolean;
  offers: number;
  holdouts: number;
  purchased: boolean;
  /** Where the session came from (class only), set on its first view. */
  source?: TrafficSource;
  /** Every score of the session (the last 50): page view index, probability, variant. */
  scores?: { pageIndex: number; probability: number; variant: Variant }[];
  /** Ids of the offers shown or decided (holdout) in the session. */
  offerIds?: string[];
  modelVersion?: string;
  /** Visible milliseconds per page type (Page Visibility), kept beside the GA-style durations. */
  visible?: Tally;
}

/** A finished session waiting to be exported (`onSessionEnd`, `collectUrl`). */
export interface EndedSession {
  session: SessionState;
  endReason: 'timeout' | 'midnight' | 'campaign';
}

/** Everything the SDK stores, as one record so that every change is one atomic transaction. */
export interface StoredState {
  v: number;
  visitor: {
    /** Sticky random number in [0, 1): the visitor is in the control arm when it is below `holdout`. */
    bucket: number;
    sessions: number;
    lastOfferAt: number;
    lastOfferSession: string;
  };
  session: SessionState | null;
  /** Sessions that ended and are not exported yet (at most 20), so a closed tab loses none. */
  outbox?: EndedSession[];
}

// ---------------------------------------------------------------------------------------------
// Feedback loop: what a shop can collect about its own finished sessions
// ---------------------------------------------------------------------------------------------

/** Where a session came from, from the referrer and utm parameters (never the values themselves). */
export type TrafficSource = 'direct' | 'search' | 'social' | 'email' | 'paid' | 'referral';

/**
 * One finished session as the SDK exports it (`onSessionEnd`, `collectUrl`): the UCI columns the
 * browser can reproduce, the outcome, and what the SDK did. No URL, no identifier.
 */
export interface SessionExport {
  schemaVersion: 1;
  /** The UCI feature columns; BounceRates, ExitRates and PageValues are 0 without page statistics. */
  features: SessionRecord;
  /** True when `recordPurchase()` was called in the session (the UCI `Revenue` column). */
  Revenue: boolean;
  /** Whether page statistics were configured (the three page-statistic columns are meaningful). */
  hasPageStats: boolean;
  /** Browser and OS families as names, e.g. `Chrome`, `Android` (not the dataset's anonymised codes). */
  browserFamily: string;
  osFamily: string;
  trafficSource: TrafficSource;
  arm: HoldoutArm;
  /** Every score of the session, with the page view it followed (1-based). */
  scores: { pageIndex: number; probability: number; variant: Variant }[];
  /** Ids of the offers shown (treatment) or decided (control). */
  offers: string[];
  modelVersion: string | null;
  /** Seconds the pages of each type were visible (Page Visibility), as opposed to GA durations. */
  visibleSeconds: Tally;
  /** Why the session ended. */
  endReason: 'timeout' | 'midnight' | 'campaign';
  /** Local calendar day the session started on (`YYYY-MM-DD`). */
  day: string;
}
