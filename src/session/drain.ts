/**
 * Drains the journal (./journal.ts) into the store: inside the store's transaction, every entry not
 * applied yet is added to the session in time order, and its id remembered, so an entry counts
 * exactly once whichever tab drains it, and however often.
 */
import type { Report } from '../lib/reporter';
import type { Journal, JournalEntry } from './journal';
import { addPageView, addPurchase, newState, revive, type SessionRules } from './session';
import type { StateStore } from './store';
import type { StoredState } from './types';

/**
 * How long an applied id is kept once its entry has left the journal: a tab whose copy of web
 * storage lags behind another's (Chromium syncs it between processes asynchronously) may still list it.
 */
const KEEP_MS = 60_000;
/** A pending entry (its page's statistics still loading) is applied anyway after this long: its page is gone. */
const PENDING_MS = 60_000;

/**
 * The state with the journal's entries applied, and the ids that may now leave the journal. `unreadable`
 * tells that a stored record this SDK cannot read was replaced.
 */
export function applyJournal(
  old: StoredState | undefined,
  entries: JournalEntry[],
  now: number,
  rules: SessionRules,
): { state: StoredState | undefined; done: string[]; unreadable: boolean } {
  const unreadable = old !== undefined && !revive(old);
  let state = revive(old);
  const applied = new Map(state?.applied ?? []);
  for (const e of entries) {
    if (applied.has(e.id) || (e.type && e.stat === undefined && now - e.at < PENDING_MS)) continue;
    state = e.purchase
      ? addPurchase(state, e.at, rules)
      : addPageView(
          state,
          { at: e.at, type: e.type ?? 'other', campaign: e.campaign ?? '', stat: e.stat ?? null, source: e.source },
          rules,
        );
    applied.set(e.id, now);
  }
  if (!state) return { state: old, done: [], unreadable: false };
  const listed = new Set(entries.map((e) => e.id));
  const kept = [...applied].filter(([id, at]) => listed.has(id) || now - at < KEEP_MS);
  return {
    state: { ...state, applied: kept },
    done: kept.map(([id]) => id).filter((id) => listed.has(id)),
    unreadable,
  };
}

/** Applies the journal in one store transaction, then removes the applied entries from it. */
export async function drain(
  store: StateStore,
  journal: Journal,
  rules: SessionRules,
  report: Report,
): Promise<StoredState | undefined> {
  let done: string[] = [];
  let unreadable = false;
  const state = await store.update((old) => {
    const r = applyJournal(old, journal.list(), Date.now(), rules);
    ({ done, unreadable } = r);
    return r.state ?? newState(rules.random);
  });
  journal.drop(done);
  if (unreadable)
    report({
      code: 'storage',
      message:
        'the stored session was unreadable (corrupt, or from another version of the SDK); a new session was started',
    });
  return state;
}
