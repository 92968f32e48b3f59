/**
 * The journal: page views and purchases written synchronously, the moment they happen, into web
 * storage, one key per entry. A page left at once (a fast click, a back-button bounce, a slow phone)
 * has its view on disk before the navigation, where an IndexedDB write would not have committed. The
 * scoring half drains the entries into the store (see ./drain.ts), exactly once. Web storage is
 * synchronous and one key per entry means tabs never overwrite each other's entries.
 */
import type { PageStat, PageType, TrafficSource } from '../types';

/** One event waiting for the store. Only what the session keeps: no URL, no identifier. */
export interface JournalEntry {
  /** Random, so a drain can tell which entries it already applied. */
  id: string;
  at: number;
  /** A page view's type; absent for a purchase. */
  type?: PageType;
  campaign?: string;
  /** The page's statistics (null: none configured); absent while they are loading (the entry is pending). */
  stat?: PageStat | null;
  /** The landing page's traffic source: set on a document's first page view. */
  source?: TrafficSource;
  /** A purchase rather than a page view. */
  purchase?: 1;
}

/** The page's journal: the first web storage that works, else memory. */
export interface Journal {
  /** Writes (or rewrites) an entry; never throws. */
  put(entry: JournalEntry): void;
  /** Every entry of every tab, oldest first. */
  list(): JournalEntry[];
  /** Removes entries by id (after the store committed them). */
  drop(ids: string[]): void;
  /** Removes every entry (consent withdrawn). */
  clear(): void;
}

const PREFIX = 'intent-tracker:j:';

/** Opens the journal in localStorage, else sessionStorage, else memory (this page only). */
export function openJournal(win: Window): Journal {
  const memory = new Map<string, JournalEntry>();
  let area: Storage | undefined;
  for (const name of ['localStorage', 'sessionStorage'] as const)
    try {
      (area = win[name]).setItem(PREFIX, '');
      area.removeItem(PREFIX);
      break;
    } catch {
      area = undefined; // missing, disabled or full: try the next
    }
  const keys = () => {
    const out: string[] = [];
    for (let i = 0; area && i < area.length; i++) if (area.key(i)!.startsWith(PREFIX)) out.push(area.key(i)!);
    return out;
  };
  const drop = (ids: string[]) =>
    ids.forEach((id) => {
      memory.delete(id);
      area?.removeItem(PREFIX + id);
    });
  return {
    put(e) {
      try {
        area!.setItem(PREFIX + e.id, JSON.stringify(e));
      } catch {
        memory.set(e.id, e); // no web storage or it is full: the view still counts while this page lives
      }
    },
    list() {
      const out = [...memory.values()];
      for (const k of keys())
        try {
          const e = JSON.parse(area!.getItem(k)!) as JournalEntry;
          if (e?.id && typeof e.at === 'number') out.push(e);
        } catch {
          // an unreadable entry is skipped (and dropped with the next clear)
        }
      return out.sort((a, b) => a.at - b.at);
    },
    drop: (ids) => {
      try {
        drop(ids);
      } catch {
        // storage went away: the drain's applied list keeps these entries from counting twice
      }
    },
    clear() {
      try {
        drop(keys().map((k) => k.slice(PREFIX.length)));
      } catch {
        // nothing to clear where storage is gone
      }
      memory.clear();
    },
  };
}
