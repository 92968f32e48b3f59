import type { Environment } from './options';
import { createTracker } from './tracker';
import type { IntentTracker, LowIntentEvent, TrackerOptions } from './types';

const INSTANCE = Symbol.for('intent-tracker.instance');

/** What every method does when there is no browser (SSR) or the SDK could not start. */
export const NOOP_TRACKER: IntentTracker = {
  trackPageView() {},
  recordPurchase() {},
  score: () => Promise.resolve(null),
  setConsent() {},
  getSession: () => Promise.resolve(null),
  reset: () => Promise.resolve(),
  destroy() {},
};

/**
 * Starts the page's one tracker. Under Node/SSR it returns a tracker that does nothing; a second
 * call returns the first tracker with a console warning; an unexpected failure returns the no-op
 * tracker rather than throwing into the page.
 */
export function start(
  onLowIntent: ((event: LowIntentEvent) => void) | undefined,
  options: TrackerOptions | undefined,
  env: () => Environment,
): IntentTracker {
  if (typeof window === 'undefined' || typeof document === 'undefined') return NOOP_TRACKER;
  const holder = window as unknown as Record<symbol, IntentTracker | undefined>;
  const existing = holder[INSTANCE];
  if (existing) {
    console.warn('[intent-tracker] initIntentTracker was called again; returning the first tracker');
    return existing;
  }
  try {
    const tracker = createTracker(onLowIntent, options, env());
    const destroy = tracker.destroy;
    tracker.destroy = () => {
      destroy();
      if (holder[INSTANCE] === tracker) delete holder[INSTANCE];
    };
    return (holder[INSTANCE] = tracker);
  } catch (e) {
    if (typeof options?.onError === 'function') {
      try {
        options.onError({ code: 'argument', message: `the tracker could not start: ${String(e)}`, cause: e });
      } catch {
        // ignore: never throw into the page
      }
    }
    return NOOP_TRACKER;
  }
}
