import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';
import type { Vitals } from '../types';

/**
 * Starts collecting the page's web vitals (each `on*` registered once per page load) into the
 * returned object, which always holds the latest value of each metric.
 */
export function collectVitals(): Vitals {
  const vitals: Vitals = {};
  const keep = (m: Metric) => {
    vitals[m.name as keyof Vitals] = m.value;
  };
  for (const on of [onLCP, onINP, onCLS, onFCP, onTTFB]) on(keep, { reportAllChanges: true });
  return vitals;
}
