/**
 * The tab's buffer of visible time per page type, in sessionStorage: written synchronously when a
 * page is hidden or left (an IndexedDB write may not survive the unload), added to the session by
 * the tab's next page. Without sessionStorage (or when it is full) visible time is simply lost.
 */
import type { Tally } from './types';

const KEY = 'intent-tracker:visible';

/** Adds `ms` of visible time on a page of `type` to the buffer. */
export function bufferVisible(type: string, ms: number): void {
  try {
    const pending = JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Record<string, number>;
    pending[type] = (pending[type] ?? 0) + ms;
    sessionStorage.setItem(KEY, JSON.stringify(pending));
  } catch {
    // no sessionStorage (or it is full): visible time is a nice-to-have
  }
}

/** Takes everything buffered (and empties the buffer). */
export function drainVisible(): Partial<Tally> {
  try {
    const pending = JSON.parse(sessionStorage.getItem(KEY) ?? '{}') as Partial<Tally>;
    sessionStorage.removeItem(KEY);
    return typeof pending === 'object' && pending ? pending : {};
  } catch {
    return {};
  }
}

/** Empties the buffer (consent withdrawn). */
export function clearVisible(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // no sessionStorage: nothing was buffered there
  }
}
