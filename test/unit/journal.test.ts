// The journal (synchronous page views in web storage), its drain into the store, and the storage chain, in Node
// with fake storage areas: the browser behaviour is tested in test/faults/pageviews.spec.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyJournal, drain } from '../../src/session/drain';
import { openJournal, type JournalEntry } from '../../src/session/journal';
import { openStore } from '../../src/session/store';
import type { StoredState } from '../../src/session/types';
import type { IntentTrackerError } from '../../src/types';
import { sequence } from '../helpers/records';

/** A Storage in memory; `broken` makes every call throw as a disabled or full area does. */
function area(broken = false): Storage {
  const m = new Map<string, string>();
  const check = () => {
    if (broken) throw new DOMException('denied (test)', 'SecurityError');
  };
  return {
    get length() {
      check();
      return m.size;
    },
    key: (i) => (check(), [...m.keys()][i] ?? null),
    getItem: (k) => (check(), m.get(k) ?? null),
    setItem: (k, v) => (check(), void m.set(k, String(v))),
    removeItem: (k) => (check(), void m.delete(k)),
    clear: () => (check(), m.clear()),
  };
}
const windowWith = (local: Storage, session: Storage = area()) =>
  ({ localStorage: local, sessionStorage: session }) as unknown as Window;

const rules = { timeoutMs: 30 * 60_000, random: sequence(3) };
const t0 = new Date(2026, 10, 20, 10).getTime();
const view = (id: string, at: number, extra: Partial<JournalEntry> = {}): JournalEntry => ({
  id,
  at,
  type: 'product',
  campaign: '',
  stat: null,
  ...extra,
});

test('journal: entries of every writer are listed oldest first, dropped by id; memory when web storage fails', () => {
  const local = area();
  const a = openJournal(windowWith(local));
  const b = openJournal(windowWith(local)); // another tab on the same origin
  a.put(view('x', t0 + 2));
  b.put(view('y', t0 + 1));
  assert.deepEqual(
    a.list().map((e) => e.id),
    ['y', 'x'],
  );
  a.drop(['y']);
  assert.deepEqual(
    b.list().map((e) => e.id),
    ['x'],
  );
  b.clear();
  assert.equal(a.list().length, 0);
  const session = area();
  assert.equal(
    (openJournal(windowWith(area(true), session)).put(view('s', t0)), session.length),
    1,
    'sessionStorage when localStorage throws',
  );
  const memory = openJournal(windowWith(area(true), area(true)));
  memory.put(view('m', t0));
  assert.deepEqual(
    memory.list().map((e) => e.id),
    ['m'],
  );
});

test('drain: every entry counts exactly once, whoever applies it and however often', () => {
  const entries = [
    view('a', t0, { source: 'search' }),
    view('b', t0 + 20_000),
    { id: 'p', at: t0 + 30_000, purchase: 1 as const },
  ];
  const once = applyJournal(undefined, entries, t0 + 31_000, rules);
  const s = once.state!.session!;
  assert.deepEqual([s.views, s.durations.product, s.purchased, s.source], [2, 20_000, true, 'search']);
  assert.deepEqual(once.done, ['a', 'b', 'p']);
  // A second tab that read the journal before the first removed the entries applies nothing again.
  const twice = applyJournal(once.state, entries, t0 + 32_000, rules);
  assert.equal(twice.state!.session!.views, 2);
  assert.equal(JSON.stringify(twice.state).includes('/'), false, 'no path or URL is stored');
  // Once the entries have left the journal for a minute, their ids are forgotten.
  assert.deepEqual(applyJournal(twice.state, [], t0 + 100_000, rules).state!.applied, []);
});

test('drain: a view whose statistics are loading waits, unless its page is long gone', () => {
  const pending = view('q', t0, { stat: undefined });
  assert.equal(applyJournal(undefined, [pending], t0 + 1000, rules).state, undefined);
  assert.equal(applyJournal(undefined, [pending], t0 + 61_000, rules).state!.session!.views, 1);
});

test('drain: an unreadable record is replaced by a new session and reported; applied entries leave the journal', async () => {
  let stored: unknown = { v: 999 };
  const store = {
    kind: () => 'memory' as const,
    read: async () => stored as StoredState,
    update: async (fn: (old: StoredState | undefined) => StoredState) => (stored = fn(stored as StoredState)),
    clear: async () => {},
  };
  const journal = openJournal(windowWith(area()));
  journal.put(view('a', Date.now()));
  const errors: IntentTrackerError[] = [];
  const state = await drain(store, journal, rules, (e) => errors.push(e));
  assert.equal(state!.session!.views, 1);
  assert.deepEqual(
    errors.map((e) => e.code),
    ['storage'],
  );
  assert.equal(journal.list().length, 0);
});

test('storage chain: without IndexedDB the session lives in localStorage, then sessionStorage, then memory; each switch reported once', async () => {
  const errors: string[] = [];
  const local = area();
  const store = openStore((e) => errors.push(e.message), windowWith(local)); // Node has no indexedDB
  await store.update((old) => ({
    ...(old ?? { v: 1, visitor: { bucket: 0, sessions: 0, lastOfferAt: 0, lastOfferSession: '' }, session: null }),
  }));
  assert.equal(store.kind(), 'localstorage');
  assert.match(errors[0], /IndexedDB is unavailable \(.*\); the session is kept in localStorage/);
  assert.ok(local.getItem('intent-tracker:state'), 'the record is in localStorage');
  // A later page reads what the earlier one kept there.
  const again = openStore(() => {}, windowWith(local));
  assert.equal((await again.read())?.v, 1);

  const both = openStore((e) => errors.push(e.message), windowWith(area(true), area(true)));
  await both.update(() => ({
    v: 1,
    visitor: { bucket: 0.5, sessions: 1, lastOfferAt: 0, lastOfferSession: '' },
    session: null,
  }));
  assert.equal(both.kind(), 'memory');
  assert.equal((await both.read())?.visitor.bucket, 0.5);
  assert.match(
    errors.at(-1)!,
    /sessionStorage is unavailable \(SecurityError\); the session is kept in this page only/,
  );
  await store.clear();
  assert.equal(local.getItem('intent-tracker:state'), null, 'cleared');
});
