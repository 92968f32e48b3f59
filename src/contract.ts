/**
 * The contract between the always-loaded core (tracker.ts) and the idle-loaded scoring half
 * (scoring.ts, `intent-scoring.js`): what the core hands over once, and what it calls later. Data
 * flows one way: the core reads the page into the journal, the scoring half drains it into the store.
 */
import type { Reporter } from './lib/reporter';
import type { Journal } from './session/journal';
import type { SessionRules } from './session/session';
import type { MarketerConfig, PageStats, PageType, SessionSnapshot, TrackerOptions, Variant } from './types';

/** One page view as the core reads it from the page (see signals/page-view.ts). */
export interface PageFacts {
  at: number;
  path: string;
  type: PageType;
  /** Hash of the campaign parameters ('' for none): a new campaign starts a new session. */
  campaign: string;
}

/** What the core hands the scoring half when it loads it. */
export interface ScoringContext {
  options: TrackerOptions;
  /** The marketer keys given in code, already validated; the config file's keys override them. */
  config: MarketerConfig;
  onLowIntent: unknown;
  /** The page views and purchases written by the core, for the scoring half to drain into the store. */
  journal: Journal;
  reporter: Reporter;
  /** False once tracking stopped (consent withdrawn, destroyed): nothing more is stored or fired. */
  isActive(): boolean;
  /** The page statistics once loaded (null without them): they choose the variant. */
  pageStats: Promise<PageStats | null>;
  /** Where the SDK's own files are served (ends with '/'): the runtime chunk, and the models unless `modelBaseUrl` says. */
  assets: string;
  timeoutMs: number;
  /** How sessions end (the same rules the core records views with). */
  rules: SessionRules;
}

/** The scoring half's operations, called by the core. */
export interface Scoring {
  /** After a page view: scores the session if the gates pass, and fires the callback the policy decides on. */
  decide(page: PageFacts): Promise<void>;
  score(): Promise<{ probability: number; leaveRisk: number | null; variant: Variant } | null>;
  snapshot(): Promise<SessionSnapshot | null>;
  /** A page view happened (called at once, before `decide`): the previous page's pending exit-intent decision is void. */
  newPage(): void;
  /** Drains the journal into the store (after a purchase). */
  sync(): Promise<void>;
  /** Deletes everything stored, in every storage layer (consent withdrawn). */
  clear(): Promise<void>;
  /** Removes this half's page listeners (the tracker's `destroy`). Web vitals keep collecting: they cannot be unregistered. */
  stop(): void;
}
