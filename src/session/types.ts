/**
 * The stored state: what the SDK keeps in browser storage between page views. Internal: a shop
 * sees it only through `getSession()` and the session export, never in this shape.
 */
import type { PageType, SessionScore, TrafficSource } from '../types';

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
  /** Every score of the session (the last 50), as exported (see `SessionScore`). */
  scores?: SessionScore[];
  /** Ids of the offers shown or decided (holdout) in the session. */
  offerIds?: string[];
  /**
   * The recorded decisions (the last 20), compact: [page view it was taken at, 1 when delivered at
   * exit intent (0 at the page view), 1 for the control arm (0 treatment), offer id].
   */
  decisions?: [pageIndex: number, exit: 0 | 1, control: 0 | 1, offerId: string][];
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
  /**
   * Journal entries already applied, with when: [id, applied at]. An entry stays here while it may
   * still be in the journal, so a tab that read the journal before its removal does not count it twice.
   */
  applied?: [string, number][];
}
