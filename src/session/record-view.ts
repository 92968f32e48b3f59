import type { PageFacts } from '../contract';
import type { Report } from '../lib/reporter';
import type { PageStat } from '../types';
import { addPageView, revive, type SessionRules } from './session';
import type { StateStore } from './store';
import type { StoredState } from './types';

/**
 * Records one page view in the store, in one transaction shared by all tabs. A stored record this
 * SDK cannot read is replaced by a new session, and reported.
 */
export async function recordPageView(
  store: StateStore,
  page: PageFacts,
  stat: PageStat | null,
  rules: SessionRules,
  report: Report,
): Promise<StoredState> {
  let unreadable = false;
  const state = await store.update((old) => {
    unreadable = old !== undefined && !revive(old);
    return addPageView(old, { ...page, stat }, rules);
  });
  if (unreadable)
    report({
      code: 'storage',
      message:
        'the stored session was unreadable (corrupt, or from another version of the SDK); a new session was started',
    });
  return state;
}
