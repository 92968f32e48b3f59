import type { SessionRecord } from '../features/types';
import type { HoldoutArm, SessionSnapshot } from '../types';
import type { SessionState } from './types';

const seconds = (ms: number) => ms / 1000;

/** The read-only view `getSession()` gives of a stored session (durations in seconds). */
export function snapshotOf(
  s: SessionState,
  features: SessionRecord,
  arm: HoldoutArm,
  storage: SessionSnapshot['storage'],
): SessionSnapshot {
  const d = s.durations;
  return {
    sessionId: s.id,
    startedAt: s.startedAt,
    pageViews: s.views,
    counts: { ...s.counts },
    durations: {
      administrative: seconds(d.administrative),
      informational: seconds(d.informational),
      product: seconds(d.product),
      other: seconds(d.other),
    },
    visitorType: features.VisitorType,
    arm,
    offersShown: s.offers,
    holdoutDecisions: s.holdouts,
    purchased: s.purchased,
    storage,
    features,
  };
}
