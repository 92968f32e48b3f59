/**
 * The model inputs a session does not hold: the day (calendar and special days), the browser, and
 * whether storage persists (a memory-only session cannot tell new visitors from returning ones).
 */
import type { SessionState } from '../session/types';
import { calendarOf, defaultSpecialDays, specialDay } from '../signals/calendar';
import { familiesOf } from '../signals/user-agent';
import type { SpecialDay } from '../types';
import { toRecord } from './record';
import type { SessionRecord } from './types';

/** The day's inputs of the record. */
export interface DayInputs {
  Month: string;
  Weekend: boolean;
  SpecialDay: number;
}

/** What the scoring half reads to build records; the browser is read once, the rest at each call. */
export interface Inputs {
  families: { browserFamily: string; osFamily: string };
  dayOf(date: Date): DayInputs;
  /** The session at `at` as the model's UCI record. */
  recordOf(session: SessionState, at: number): SessionRecord;
}

/** Inputs for a page whose user agent is `ua`; special days and persistence are read when needed (the config and the store may change). */
export function createInputs(
  ua: string,
  specialDays: () => SpecialDay[] | undefined,
  persistent: () => boolean,
): Inputs {
  // The browser does not change during a page; the day's inputs come from the config's special days.
  const families = familiesOf(ua);
  const dayOf = (date: Date): DayInputs => ({
    ...calendarOf(date),
    SpecialDay: specialDay(date, specialDays() ?? defaultSpecialDays(date.getFullYear())),
  });
  return {
    families,
    dayOf,
    recordOf: (session, at) =>
      toRecord(session, {
        ...dayOf(new Date(at)),
        persistent: persistent(),
        browserFamily: families.browserFamily,
        trafficSource: session.source ?? 'direct',
      }),
  };
}
