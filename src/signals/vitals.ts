import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';
import type { Vitals } from '../types';

/** Where the page's one vitals object lives: on window, so a second copy of this file shares it too. */
const SHARED = Symbol.for('intent-tracker.vitals');

/**
 * Starts collecting the page's web vitals into the returned object, which always holds the
 * latest value of each metric. web-vitals wants each `on*` called once per page load and cannot
 * unregister, so a tracker started again after `destroy()` gets the first one's object.
 */
export function collectVitals(): Vitals {
  const holder = window as unknown as Record<symbol, Vitals | undefined>;
  const existing = holder[SHARED];
  if (existing) return existing;
  const vitals: Vitals = (holder[SHARED] = {});
  const keep = (m: Metric) => {
    vitals[m.name as keyof Vitals] = m.value;
  };
  for (const on of [onLCP, onINP, onCLS, onFCP, onTTFB]) on(keep, { reportAllChanges: true });
  return vitals;
}
