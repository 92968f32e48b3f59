import type { IntentTrackerError } from '../types';

/** Reports one failure the SDK absorbed (see {@link Reporter}). */
export type Report = (error: IntentTrackerError) => void;

/** How the SDK tells about itself: failures through `onError` (and the console in debug), progress in debug. */
export interface Reporter {
  /** Reports a failure the SDK absorbed; each message once per page, however often it recurs. */
  report: Report;
  /** Logs progress to the console in debug mode only. */
  log(...args: unknown[]): void;
}

/**
 * The page's one reporter. The shop's `onError` may throw: that is swallowed, because nothing the
 * SDK does may throw into the page.
 */
export function createReporter(debug: boolean, onError: unknown): Reporter {
  const reported = new Set<string>();
  return {
    report: (error) => {
      if (reported.has(error.message)) return;
      reported.add(error.message);
      if (debug) console.warn('[intent-tracker]', error.message);
      try {
        if (typeof onError === 'function') onError(error);
      } catch {
        // The shop's error handler failed too; never throw into the page.
      }
    },
    log: (...args) => debug && console.info('[intent-tracker]', ...args),
  };
}

/** The `model`-coded report of a failed step (or another code), as a promise rejection handler that yields null. */
export const failed =
  (report: Report, what: string, code: IntentTrackerError['code'] = 'model') =>
  (e: unknown): null => {
    report({ code, message: `${what} failed: ${(e as Error)?.message ?? String(e)}`, cause: e });
    return null;
  };
