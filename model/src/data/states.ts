/**
 * A visit in progress: the states a session goes through, page view by page view, as the SDK sees
 * them. The UCI rows only give a session's totals, so the pages are laid out under a stated, seeded
 * page model (their order and each page's duration) and then counted by the SDK's own reducer
 * (src/session/session.ts `addPageView`) and turned into a record by its own `toRecord`: "the state
 * at page view k" has one definition, the browser's. At page view k the counts are those of the first
 * k pages and the durations those of the first k - 1 (the page being viewed has lasted 0 s so far).
 */
import { toRecord } from '../../../src/features/record';
import type { SessionRecord } from '../../../src/features/types';
import { addPageView } from '../../../src/session/session';
import type { StoredState } from '../../../src/session/types';
import { shuffled } from './random';

/** The page types the UCI columns count (the SDK's `other` pages are in no column). */
export type TypedPage = 'administrative' | 'informational' | 'product';

/** One simulated page: its type and how long the visitor stayed on it before the next. */
export interface Page {
  type: TypedPage;
  seconds: number;
}

/**
 * How a session's totals become pages in time. The default is the neutral one: a uniformly random
 * order, each page of a type lasting the type's mean. The others exist to measure how much the
 * results depend on that choice (MODEL.md reports it).
 */
export interface PageModel {
  /** `shuffled`: any order equally likely. `blocks`: the pages of a type together, the types in a random order. */
  order: 'shuffled' | 'blocks';
  /** `mean`: each page of a type lasts its total / count. `random`: a uniformly random split of the total (flat Dirichlet). */
  durations: 'mean' | 'random';
}

export const DEFAULT_PAGE_MODEL: PageModel = { order: 'shuffled', durations: 'mean' };

const COLUMNS: Record<TypedPage, { count: keyof SessionRecord; seconds: keyof SessionRecord }> = {
  administrative: { count: 'Administrative', seconds: 'Administrative_Duration' },
  informational: { count: 'Informational', seconds: 'Informational_Duration' },
  product: { count: 'ProductRelated', seconds: 'ProductRelated_Duration' },
};
const TYPES = Object.keys(COLUMNS) as TypedPage[];

/** How many typed pages a session row counts (its number of states is this, or 1 when it is 0). */
export function pageCount(row: SessionRecord): number {
  return TYPES.reduce((n, t) => n + Math.max(0, Math.round(row[COLUMNS[t].count] as number)), 0);
}

/** How many states a session row goes through: one per typed page, or its one row when it has none. */
export function stateCount(row: SessionRecord): number {
  return Math.max(1, pageCount(row));
}

/** `total` split into `parts` shares: equal, or uniformly at random (sorted uniform cut points). */
function split(total: number, parts: number, how: PageModel['durations'], random: () => number): number[] {
  if (parts === 0) return [];
  if (how === 'mean' || parts === 1) return new Array<number>(parts).fill(total / parts);
  const cuts = Array.from({ length: parts - 1 }, () => random()).sort((a, b) => a - b);
  return [...cuts, 1].map((c, i) => (c - (i ? cuts[i - 1] : 0)) * total);
}

/** The session's pages laid out under `model`, driven by `random`. */
export function simulatePages(row: SessionRecord, random: () => number, model = DEFAULT_PAGE_MODEL): Page[] {
  const byType = TYPES.map((type) => {
    const n = Math.max(0, Math.round(row[COLUMNS[type].count] as number));
    const seconds = split(Math.max(0, row[COLUMNS[type].seconds] as number), n, model.durations, random);
    return seconds.map((s): Page => ({ type, seconds: s }));
  });
  return model.order === 'shuffled' ? shuffled(byType.flat(), random) : shuffled(byType, random).flat();
}

/** What the simulation assumes of the page statistics, as metrics.json and the card state it. */
export const PAGE_STATISTICS_ASSUMPTION =
  "every page of a session carries the session's average bounce rate, exit rate and page value, so the running average the SDK keeps equals the session's from the first page view";

/** Local midnight of a fixed day: a simulated session (at most 19.4 h in the data) never crosses midnight. */
const START = new Date(2020, 0, 6).getTime();
const RULES = { timeoutMs: Infinity, random: () => 0.5 };

/**
 * The records the SDK would score after each of `pages`: `row` gives what pages do not (calendar,
 * visitor type, page statistics, the anonymised codes and a shop's extra columns). Every page carries
 * the session's average bounce rate, exit rate and page value, so the running average the SDK keeps
 * equals the session's at every page view: the assumption MODEL.md states.
 */
export function statesOf(row: SessionRecord, pages: readonly Page[]): SessionRecord[] {
  const stat = { bounceRate: row.BounceRates, exitRate: row.ExitRates, pageValue: row.PageValues };
  const { Month, Weekend, SpecialDay, browserFamily, trafficSource } = row;
  const ctx = { Month, Weekend, SpecialDay, persistent: true, browserFamily, trafficSource };
  const kept = KEPT.filter((c) => row[c] !== undefined);
  let state: StoredState | undefined;
  let elapsed = 0;
  return pages.map((page) => {
    // Whole milliseconds, as Date.now() gives the SDK; rounding the running total never drifts.
    state = addPageView(state, { at: START + Math.round(elapsed * 1000), type: page.type, campaign: '', stat }, RULES);
    elapsed += page.seconds;
    const record = toRecord(state.session!, ctx) as unknown as Record<string, unknown>;
    // The visitor type is the row's: the SDK reads it from storage, which the simulation has not got.
    record.VisitorType = row.VisitorType;
    for (const c of kept) record[c] = row[c];
    return record as unknown as SessionRecord;
  });
}

/** Columns no page view changes, carried from the row into each of its states. */
const KEPT: (keyof SessionRecord)[] = ['OperatingSystems', 'Browser', 'Region', 'TrafficType'];

/**
 * Every state of a session, page view 1 to its last, under `model`. A session without typed pages
 * (the visitor saw none of the three types) keeps its one state: the row itself.
 */
export function sessionStates(row: SessionRecord, random: () => number, model = DEFAULT_PAGE_MODEL): SessionRecord[] {
  return pageCount(row) === 0 ? [row] : statesOf(row, simulatePages(row, random, model));
}
