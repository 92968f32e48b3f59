import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';
import type { Vitals } from '../types';

let shared: Vitals | undefined;

/**
 * Starts collecting the page's web vitals into the returned object, which always holds the
 * latest value of each metric. web-vitals wants each `on*` called once per page load and cannot
 * unregister, so a tracker started again after `destroy()` shares the first one's object.
 */
export function collectVitals(): Vitals {
  if (shared) return shared;
  const vitals: Vitals = (shared = {});
  const keep = (m: Metric) => {
    vitals[m.name as keyof Vitals] = m.value;
  };
  for (const on of [onLCP, onINP, onCLS, onFCP, onTTFB]) on(keep, { reportAllChanges: true });
  return vitals;
}
