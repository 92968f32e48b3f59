import { createStore, del, get, update, type UseStore } from 'idb-keyval';
import type { Report } from '../lib/reporter';
import { withTimeout } from '../lib/timeout';
import type { StoredState } from './types';

const KEY = 'state';

/** Where the state lives. Every change goes through `update`, one transaction shared by all tabs. */
export interface StateStore {
  kind(): 'indexeddb' | 'memory';
  read(): Promise<StoredState | undefined>;
  update(fn: (old: StoredState | undefined) => StoredState): Promise<StoredState>;
  clear(): Promise<void>;
}

/**
 * An idb-keyval store that falls back to memory for the rest of the page's life when IndexedDB is
 * missing, throws, is blocked or full. The memory copy starts from the last state read or written,
 * so nothing recorded before the failure is lost. The switch is reported once, naming the cause.
 */
export function openStore(report: Report, dbName = 'intent-tracker', timeoutMs = 10_000): StateStore {
  let idb: UseStore | null = null;
  let memory: { state: StoredState | undefined } | null = null;
  let last: StoredState | undefined;
  const blocked = `IndexedDB did not answer within ${timeoutMs} ms (blocked?)`;

  const fallBack = (cause: unknown) => {
    if (memory) return;
    memory = { state: last };
    const e = cause as Error | undefined;
    report({
      code: 'storage',
      message: `IndexedDB is unavailable (${e?.name === 'Error' ? e.message : (e?.name ?? String(cause))}); the session is kept in this page only`,
      cause,
    });
  };
  // Opening is deferred to the first use: creating the store opens the database.
  const db = (): UseStore => (idb ??= createStore(dbName, 'kv'));

  return {
    kind: () => (memory ? 'memory' : 'indexeddb'),
    async read() {
      if (!memory) {
        try {
          return (last = await withTimeout(get<StoredState>(KEY, db()), timeoutMs, blocked));
        } catch (e) {
          fallBack(e);
        }
      }
      return memory!.state;
    },
    async update(fn) {
      if (!memory) {
        let next: StoredState | undefined;
        try {
          // Remember what the database held: if the write then fails (quota, cleared storage), the
          // memory copy continues from it, so no page view committed before the failure is lost.
          await withTimeout(
            update<StoredState>(KEY, (old) => (next = fn((last = old))), db()),
            timeoutMs,
            blocked,
          );
          return (last = next!);
        } catch (e) {
          fallBack(e);
        }
      }
      return (memory!.state = last = fn(memory!.state));
    },
    async clear() {
      last = undefined;
      if (memory) memory.state = undefined;
      else await withTimeout(del(KEY, db()), timeoutMs, blocked).catch(fallBack);
    },
  };
}
