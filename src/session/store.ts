import { createStore, del, get, update, type UseStore } from 'idb-keyval';
import type { Report } from '../lib/reporter';
import { withTimeout } from '../lib/timeout';
import type { SessionSnapshot } from '../types';
import type { StoredState } from './types';

/** The storage layer in use (as `getSession().storage` names it). */
export type StorageKind = SessionSnapshot['storage'];

/** Where the state lives. Every change goes through `update`: one read-modify-write that tabs never interleave. */
export interface StateStore {
  kind(): StorageKind;
  read(): Promise<StoredState | undefined>;
  update(fn: (old: StoredState | undefined) => StoredState): Promise<StoredState>;
  clear(): Promise<void>;
}

/** One storage layer of the chain. */
type Layer = Omit<StateStore, 'kind'> & { kind: StorageKind };

const NAME = 'intent-tracker';
const KEY = `${NAME}:state`;
const LABEL: Record<StorageKind, string> = {
  indexeddb: 'IndexedDB',
  localstorage: 'localStorage',
  sessionstorage: 'sessionStorage',
  memory: 'memory',
};

/** IndexedDB through idb-keyval: `update` is one readwrite transaction, which IndexedDB serialises across tabs. */
function indexedDbLayer(dbName: string, timeoutMs: number): Layer {
  const blocked = `IndexedDB did not answer within ${timeoutMs} ms (blocked?)`;
  let db: UseStore | undefined;
  // Opening is deferred to the first use: creating the store opens the database.
  const store = () => (db ??= createStore(dbName, 'kv'));
  return {
    kind: 'indexeddb',
    read: () => withTimeout(get<StoredState>('state', store()), timeoutMs, blocked),
    async update(fn) {
      let next: StoredState | undefined;
      await withTimeout(
        update<StoredState>('state', (old) => (next = fn(old)), store()),
        timeoutMs,
        blocked,
      );
      return next!;
    },
    clear: () => withTimeout(del('state', store()), timeoutMs, blocked),
  };
}

/**
 * Runs `fn` holding the SDK's Web Lock, so that tabs sharing localStorage never interleave a
 * read-modify-write. Where the Web Locks API is missing, throws (sandboxed frames) or the lock is not
 * granted in time, `fn` runs unlocked: a rare lost update beats a view that never counts.
 */
function locked<T>(fn: () => T, timeoutMs: number): Promise<T> {
  let ran = false;
  const run = () => ((ran = true), fn());
  try {
    const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(timeoutMs) : undefined;
    return navigator.locks.request(NAME, { signal }, run).catch((e: unknown) => {
      if (ran) throw e; // fn itself failed (quota): the chain moves on
      return run();
    });
  } catch {
    return Promise.resolve().then(run);
  }
}

/** A web storage area: the record as JSON under one key, read again inside the lock on every change. */
function webLayer(kind: 'localstorage' | 'sessionstorage', area: Storage, timeoutMs: number): Layer {
  const read = (): StoredState | undefined => {
    const text = area.getItem(KEY);
    try {
      return text === null ? undefined : (JSON.parse(text) as StoredState);
    } catch {
      return text as unknown as StoredState; // unreadable: revive() rejects it and a new session starts
    }
  };
  return {
    kind,
    read: () => Promise.resolve().then(read),
    update: (fn) =>
      locked(() => {
        const next = fn(read());
        area.setItem(KEY, JSON.stringify(next));
        return next;
      }, timeoutMs),
    clear: () => Promise.resolve().then(() => area.removeItem(KEY)),
  };
}

function memoryLayer(): Layer {
  let state: StoredState | undefined;
  return {
    kind: 'memory',
    read: async () => state,
    update: async (fn) => (state = fn(state)),
    clear: async () => {
      state = undefined;
    },
  };
}

/**
 * The storage chain: IndexedDB, then localStorage, then sessionStorage, then memory, each tried when
 * the one before is missing, throws, is blocked or full. A layer switched to mid-page starts from the
 * last state this page read or wrote, so nothing recorded before the failure is lost; a layer
 * switched to at the first use keeps what it holds (earlier pages that fell back the same way).
 * Each switch is reported once, naming the cause.
 */
export function openStore(report: Report, win: Window, timeoutMs = 10_000, dbName = NAME): StateStore {
  const chain: (() => Layer)[] = [
    () => indexedDbLayer(dbName, timeoutMs),
    () => webLayer('localstorage', win.localStorage, timeoutMs),
    () => webLayer('sessionstorage', win.sessionStorage, timeoutMs),
    memoryLayer,
  ];
  let at = 0;
  let layer = chain[0]();
  let last: StoredState | undefined;
  /** The last state of the layer given up, for the next layer's first operation. */
  let carry: { state: StoredState | undefined } | null = null;

  const fallBack = (cause: unknown) => {
    const from = layer.kind;
    carry = last === undefined ? null : { state: last };
    for (;;) {
      try {
        layer = chain[++at]();
        break;
      } catch {
        // this layer is missing too (storage access denied): try the next
      }
    }
    const e = cause as Error | undefined;
    report({
      code: 'storage',
      message: `${LABEL[from]} is unavailable (${e?.name === 'Error' ? e.message : (e?.name ?? String(cause))}); the session is kept in ${layer.kind === 'memory' ? 'this page only' : LABEL[layer.kind]}`,
      cause,
    });
  };
  /** Runs an operation on the current layer, moving down the chain until one succeeds (memory always does). */
  const run = async <T>(op: (l: Layer) => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await op(layer);
      } catch (e) {
        fallBack(e);
      }
    }
  };

  return {
    kind: () => layer.kind,
    read: () => run(async (l) => (last = carry ? carry.state : await l.read())),
    update: (fn) =>
      run(async (l) => {
        const c = carry;
        const next = await l.update((old) => fn((last = c ? c.state : old)));
        carry = null;
        return (last = next);
      }),
    async clear() {
      last = undefined;
      carry = null;
      // Every layer this SDK may have written, not only the current one: consent withdrawn means all.
      for (const area of ['localStorage', 'sessionStorage'] as const)
        try {
          win[area].removeItem(KEY);
        } catch {
          // not available: nothing stored there
        }
      await run((l) => l.clear());
    },
  };
}
