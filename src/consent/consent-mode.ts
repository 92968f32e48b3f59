/**
 * Google Consent Mode v2: `gtag('consent', 'default' | 'update', {...})` pushes its `arguments` onto
 * `window.dataLayer`. The entries already there are read, later pushes observed by wrapping `push`
 * (keeping whatever push was there, such as GTM's own wrapper).
 */
import type { Report } from '../lib/reporter';
import type { Decide } from './watch';

/** Consent Mode state by type: the defaults and the updates (an update wins whatever the order). */
export interface ModeState {
  defaults: Record<string, string>;
  updates: Record<string, string>;
}

/**
 * Folds dataLayer entries into `state`; returns whether one was a consent command. A default for
 * some regions only (`region`) may apply to this visitor or not, and the SDK cannot tell where the
 * visitor is: it only counts when it denies (fail safe).
 */
export function readCommands(state: ModeState, entries: ArrayLike<unknown>): boolean {
  let seen = false;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as ArrayLike<unknown> | null;
    const kind = e?.[1];
    const values = e?.[2] as Record<string, unknown> | null;
    if (e?.[0] !== 'consent' || (kind !== 'default' && kind !== 'update') || typeof values !== 'object' || !values)
      continue;
    seen = true;
    const into = kind === 'update' ? state.updates : state.defaults;
    for (const [type, v] of Object.entries(values))
      if (v === 'denied' || (v === 'granted' && !(kind === 'default' && values.region))) into[type] = v;
  }
  return seen;
}

/** Whether every type in `types` is granted; undefined while none of them has a state yet. */
export function modeGranted(state: ModeState, types: readonly string[]): boolean | undefined {
  const of = (t: string) => state.updates[t] ?? state.defaults[t];
  return types.some((t) => of(t)) ? types.every((t) => of(t) === 'granted') : undefined;
}

/** Reads and observes `window.dataLayer` from when it exists; returns whether it did, and a stop. */
export function listenConsentMode(
  win: Window,
  types: readonly string[],
  decide: Decide,
  report: Report,
): { found(): boolean; stop(): void } {
  const state: ModeState = { defaults: {}, updates: {} };
  let layer: unknown[] | undefined;
  let stopped = false;
  let mine: ((...items: unknown[]) => number) | undefined;
  let prev: (...items: unknown[]) => number;
  const take = (entries: ArrayLike<unknown>) => {
    try {
      if (stopped || !readCommands(state, entries)) return;
      const granted = modeGranted(state, types);
      if (granted !== undefined) decide(granted, 'Google Consent Mode');
    } catch (e) {
      report({
        code: 'consent',
        message: `consentFrom 'google-consent-mode': unreadable consent command: ${String(e)}`,
        cause: e,
      });
    }
  };
  return {
    found: () => {
      const dl = (win as { dataLayer?: unknown }).dataLayer;
      if (layer || dl === undefined) return !!layer;
      if (!Array.isArray(dl) || typeof dl.push !== 'function') {
        report({ code: 'consent', message: "consentFrom 'google-consent-mode': window.dataLayer is not an array" });
        return false;
      }
      layer = dl;
      prev = dl.push;
      mine = function (this: unknown, ...items: unknown[]) {
        const n = prev.apply(this, items); // the page's push first: its result is what the caller gets
        take(items);
        return n;
      };
      dl.push = mine;
      take(dl);
      return true;
    },
    stop: () => {
      stopped = true;
      // Unwrapped only when nobody wrapped it since: otherwise the later wrapper keeps calling ours, now inert.
      if (layer && layer.push === mine) layer.push = prev;
    },
  };
}
