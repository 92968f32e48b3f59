import type { SessionRecord } from './types';
import type { SessionState } from '../session/types';

/** What the session does not know by itself: the calendar, and whether storage works. */
export interface RecordContext {
  Month: string;
  Weekend: boolean;
  SpecialDay: number;
  /** False when the session lives in memory only: the visitor cannot be told new from returning. */
  persistent: boolean;
  /** Extra inputs of models retrained on a shop's own sessions (ignored by the shipped ones). */
  browserFamily?: string;
  trafficSource?: string;
}

/**
 * The session as the model's UCI record: counts and durations (seconds) per page type, page
 * statistics averaged over the views that had them, calendar and visitor type. `other` pages are
 * in no column, as the data has no such type.
 */
export function toRecord(s: SessionState, ctx: RecordContext): SessionRecord {
  const n = s.stats.n || 1;
  return {
    Administrative: s.counts.administrative,
    Administrative_Duration: s.durations.administrative / 1000,
    Informational: s.counts.informational,
    Informational_Duration: s.durations.informational / 1000,
    ProductRelated: s.counts.product,
    ProductRelated_Duration: s.durations.product / 1000,
    BounceRates: s.stats.bounce / n,
    ExitRates: s.stats.exit / n,
    PageValues: s.stats.value / n,
    SpecialDay: ctx.SpecialDay,
    Month: ctx.Month,
    VisitorType: !ctx.persistent ? 'Other' : s.newVisitor ? 'New_Visitor' : 'Returning_Visitor',
    Weekend: ctx.Weekend,
    ...(ctx.browserFamily ? { browserFamily: ctx.browserFamily } : {}),
    ...(ctx.trafficSource ? { trafficSource: ctx.trafficSource } : {}),
  };
}
