import type { EndedSession } from '../session/types';
import type { HoldoutArm, SessionExport } from '../types';
import { toRecord, type RecordContext } from './record';

/** What the export needs beyond the ended session itself. */
export interface ExportContext extends Omit<RecordContext, 'persistent'> {
  browserFamily: string;
  osFamily: string;
  arm: HoldoutArm;
  hasPageStats: boolean;
}

const seconds = (ms: number | undefined) => Math.round(ms ?? 0) / 1000;

/**
 * A finished session as the shop may collect it: the UCI features (the same record the model
 * scored), the outcome, and what the SDK did. Nothing in it identifies the visitor or a page.
 */
export function toExport(ended: EndedSession, ctx: ExportContext): SessionExport {
  const s = ended.session;
  const v = s.visible;
  const trafficSource = s.source ?? 'direct';
  return {
    schemaVersion: 1,
    features: toRecord(s, { ...ctx, persistent: true, trafficSource }),
    Revenue: s.purchased,
    hasPageStats: ctx.hasPageStats,
    browserFamily: ctx.browserFamily,
    osFamily: ctx.osFamily,
    trafficSource,
    arm: ctx.arm,
    scores: (s.scores ?? []).slice(),
    offers: (s.offerIds ?? []).slice(),
    // Stored records are not type-checked entry by entry: a damaged entry is left out, not thrown on.
    decisions: (Array.isArray(s.decisions) ? s.decisions : [])
      .filter(Array.isArray)
      .map(([pageIndex, exit, control, offerId]) => ({
        pageIndex,
        trigger: exit ? 'exit-intent' : 'pageview',
        offerId,
        arm: control ? 'control' : 'treatment',
      })),
    modelVersion: s.modelVersion ?? null,
    visibleSeconds: {
      administrative: seconds(v?.administrative),
      informational: seconds(v?.informational),
      product: seconds(v?.product),
      other: seconds(v?.other),
    },
    endReason: ended.endReason,
    day: s.day.replace(/-(\d)(?=-|$)/g, '-0$1'),
  };
}
