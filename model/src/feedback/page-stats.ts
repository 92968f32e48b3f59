/**
 * Per-page statistics from a shop's raw page-view log, with Universal Analytics' definitions, in the
 * units the `full` model was trained on (the UCI data's BounceRates, ExitRates and PageValues came
 * from UA's page reports).
 *
 * The log is a CSV with a header row naming (in any order; other columns are ignored):
 * - `session_id`: the session the view belongs to (any non-empty text);
 * - `timestamp`: ISO 8601 (`2024-05-01T10:15:00Z`, `2024-05-01 10:15:00`, `2024-05-01`) or epoch milliseconds;
 * - `page_path`: the page, kept exactly as written (it becomes the key of the output);
 * - `revenue`: the order's revenue on the view where the purchase happened, else empty or 0.
 *
 * Each session's views are ordered by timestamp (equal timestamps keep the file's order). Then, for
 * a page P:
 * - **bounce rate** = sessions whose first view is P and that have exactly one view, divided by
 *   sessions whose first view is P (0 when no session starts on P);
 * - **exit rate** = views of P that are the last view of their session, divided by all views of P;
 * - **page value** = the sum, over every transaction (a view with revenue > 0), of its revenue if P
 *   was viewed in the same session strictly before the transaction's view, divided by P's unique
 *   page views (the number of sessions that viewed P at least once). The view that carries the
 *   transaction is not credited (UA credits pages viewed before the transaction, not the receipt
 *   page itself); a page gets a transaction's revenue once however often it was viewed before it,
 *   and the revenue of each of a session's transactions separately. There are no goal values.
 *
 * Rates are 0..1 and page values in the log's currency, rounded to 6 decimals.
 */
import type { PageStat, PageStats } from '../../../src/types';
import type { LoggedView } from './page-views';

/** What the log held: the statistics and the totals they came from. */
export interface PageStatsResult {
  stats: PageStats;
  views: number;
  sessions: number;
  pages: number;
  transactions: number;
  revenue: number;
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Computes every page's bounce rate, exit rate and page value (definitions in this file's header). */
export function computePageStats(views: readonly LoggedView[]): PageStatsResult {
  const sessions = new Map<string, LoggedView[]>();
  for (const v of views) {
    const list = sessions.get(v.session);
    if (list) list.push(v);
    else sessions.set(v.session, [v]);
  }
  type Tally = { views: number; exits: number; entrances: number; bounces: number; unique: number; value: number };
  const pages = new Map<string, Tally>();
  const tally = (path: string): Tally => {
    let t = pages.get(path);
    if (!t) pages.set(path, (t = { views: 0, exits: 0, entrances: 0, bounces: 0, unique: 0, value: 0 }));
    return t;
  };
  let transactions = 0;
  let revenue = 0;
  for (const list of sessions.values()) {
    // Array.prototype.sort is stable: equal timestamps keep the log's order.
    list.sort((a, b) => a.time - b.time);
    const first = tally(list[0].path);
    first.entrances++;
    if (list.length === 1) first.bounces++;
    tally(list[list.length - 1].path).exits++;
    const seen = new Set<string>();
    for (const v of list) {
      if (v.revenue > 0) {
        transactions++;
        revenue += v.revenue;
        // Only pages viewed before this view: the transaction's own view is not credited.
        for (const p of seen) tally(p).value += v.revenue;
      }
      tally(v.path).views++;
      if (!seen.has(v.path)) {
        seen.add(v.path);
        tally(v.path).unique++;
      }
    }
  }
  // fromEntries defines own properties, so even a path like `__proto__` stays an ordinary key.
  const stats: PageStats = Object.fromEntries(
    [...pages.keys()].sort().map((path): [string, PageStat] => {
      const t = pages.get(path) as Tally;
      return [
        path,
        {
          bounceRate: t.entrances ? round(t.bounces / t.entrances) : 0,
          exitRate: round(t.exits / t.views),
          pageValue: round(t.value / t.unique),
        },
      ];
    }),
  );
  return {
    stats,
    views: views.length,
    sessions: sessions.size,
    pages: pages.size,
    transactions,
    revenue: round(revenue),
  };
}
