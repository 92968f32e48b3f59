/**
 * The leave-risk label (issue 17): whether the visit ends within the next {@link LEAVE_WITHIN} page
 * views of a state. The UCI totals say how many pages a session had, so under the state simulation
 * (./states.ts) the state at page view k of a session with n states has n - k page views left.
 * Defined once here; training, evaluation and the card read it from this file.
 */
import type { InProgress } from './in-progress';
import { stateCount } from './states';

/** Page views after the current one within which the visit must end to count as leaving. */
export const LEAVE_WITHIN = 2;

/** The label definition in words, as metrics.json and the card state it. */
export const LEAVE_DEFINITION = `at the state of page view k of a session with n states (n = its typed pages, at least 1), leave = 1 when n - k <= ${LEAVE_WITHIN}: the visit's last page view is k, k + 1 or k + 2`;

/** 1 when the state at page view `k` of a session of `n` states is among its last {@link LEAVE_WITHIN} + 1. */
export function leavesWithin(n: number, k: number): 0 | 1 {
  if (!(Number.isInteger(n) && Number.isInteger(k) && k >= 1 && k <= n))
    throw new RangeError(`leavesWithin: need integers 1 <= k <= n, got k=${k}, n=${n}`);
  return n - k <= LEAVE_WITHIN ? 1 : 0;
}

/**
 * The leave label of every row of `ip.data`: its page view against its session's number of states
 * (read from the session's totals row, which `ip.totals` keeps for every session).
 */
export function leaveLabels(ip: InProgress): number[] {
  const n = ip.totals.map((r) => stateCount(ip.data.rows[r]));
  return ip.pageView.map((k, r) => leavesWithin(n[ip.session[r]], k));
}
