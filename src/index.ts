/**
 * intent-tracker: in-browser purchase-intent scoring. This module is the only public surface.
 * Importing it has no side effects and touches no browser global (safe under SSR).
 */
import { start } from './instance';
import type { IntentTracker, LowIntentEvent, TrackerOptions } from './types';

export { validateConfig } from './policy/config';
export type {
  ConsentSource,
  DecisionDetail,
  ExitIntentOptions,
  HoldoutArm,
  IntentTracker,
  IntentTrackerError,
  LowIntentEvent,
  MarketerConfig,
  Offer,
  PageStat,
  PageStats,
  PageType,
  SessionExport,
  SessionRecord,
  SessionScore,
  SessionSnapshot,
  SpecialDay,
  TrackerOptions,
  TrafficSource,
  Trigger,
  Variant,
  Vitals,
} from './types';

/**
 * Starts tracking this visit and calls `onLowIntent` when the calibrated purchase probability falls
 * below the matching offer's threshold. Never throws; returns the page's one tracker.
 *
 * @example
 * const tracker = initIntentTracker((e) => showBanner(e.offer), { threshold: 0.2 });
 */
export function initIntentTracker(
  onLowIntent?: (event: LowIntentEvent) => void,
  options?: TrackerOptions,
): IntentTracker {
  // The lazy chunks and the models are served beside this file by default.
  return start(onLowIntent, options, () => ({ assetBaseUrl: new URL('./', import.meta.url).href }));
}
