/**
 * Exports the sessions that ended (found by a page view that started a new one): each is taken out
 * of storage in one transaction, so exactly one tab exports it, then handed to `onSessionEnd` and
 * sent to `collectUrl`. Without either, the ended sessions are simply dropped.
 */
import { toExport } from '../features/export';
import type { Inputs } from '../features/inputs';
import { invoke } from '../lib/invoke';
import type { Reporter } from '../lib/reporter';
import type { HoldoutArm, SessionExport, TrackerOptions } from '../types';
import { takeOutbox } from './session';
import type { StateStore } from './store';
import type { EndedSession, StoredState, Tally } from './types';

/** What an export run reads and calls. */
export interface OutboxContext {
  store: StateStore;
  inputs: Pick<Inputs, 'dayOf' | 'families'>;
  options: Pick<TrackerOptions, 'onSessionEnd' | 'collectUrl'>;
  reporter: Reporter;
  isActive(): boolean;
  armOf(state: StoredState): HoldoutArm;
  /** `navigator.sendBeacon`, injected so that Node tests can watch it. */
  send(url: string, data: Blob): boolean;
}

/**
 * Takes the ended sessions out of the state (and books `visible`, the visible time buffered by this
 * tab's previous pages), then exports them.
 */
export async function exportEnded(ctx: OutboxContext, visible: Partial<Tally>): Promise<void> {
  const { reporter, options } = ctx;
  let taken: EndedSession[] = [];
  const state = await ctx.store.update((old) => {
    const r = takeOutbox(old, visible);
    taken = r.taken;
    return r.state as StoredState;
  });
  const { onSessionEnd, collectUrl } = options;
  if (!taken.length || (!onSessionEnd && !collectUrl) || !ctx.isActive()) return;
  const arm = ctx.armOf(state);
  for (const ended of taken) {
    const s = ended.session;
    const record: SessionExport = toExport(ended, {
      ...ctx.inputs.dayOf(new Date(s.startedAt)),
      ...ctx.inputs.families,
      arm,
      hasPageStats: s.stats.n > 0,
    });
    invoke(reporter, 'onSessionEnd', onSessionEnd, record);
    let sent = false;
    try {
      sent = !collectUrl || ctx.send(collectUrl, new Blob([JSON.stringify(record)], { type: 'application/json' }));
    } catch {
      // an unusable URL: reported below like a refused beacon
    }
    if (!sent)
      reporter.report({
        code: 'argument',
        field: 'collectUrl',
        message: `the session could not be sent to ${collectUrl} (sendBeacon refused it)`,
      });
  }
  reporter.log('exported', taken.length, 'ended session(s)');
}
