import { MONTHS } from '../features/columns';
import type { SpecialDay } from '../types';

const DAY = 86_400_000;

/** Valentine's Day, and Mother's Day on the second Sunday of May: the special days the data knows. */
export function defaultSpecialDays(year: number): SpecialDay[] {
  const may1 = new Date(year, 4, 1).getDay();
  const secondSunday = 1 + ((7 - may1) % 7) + 7;
  return [{ date: '02-14' }, { date: `${year}-05-${String(secondSunday).padStart(2, '0')}` }];
}

/** Local midnight of the day `at` falls on, as a day number (robust to DST: counts calendar days). */
function dayNumber(at: Date): number {
  return Math.round(Date.UTC(at.getFullYear(), at.getMonth(), at.getDate()) / DAY);
}

/**
 * Closeness to a special day, as in the data: 1 on the peak (`peakDaysBefore`, default 6, days
 * before the date), rising over the 6 days before the peak and falling 0.2 a day after it, in steps
 * of 0.2. For Valentine's Day: non-zero from Feb 2 to Feb 12, 1 on Feb 8. Overlaps take the maximum.
 */
export function specialDay(at: Date, days: readonly SpecialDay[]): number {
  const today = dayNumber(at);
  let best = 0;
  for (const d of days) {
    const m = /^(?:(\d{4})-)?(\d{2})-(\d{2})$/.exec(d.date);
    if (!m) continue;
    const years = m[1] ? [Number(m[1])] : [at.getFullYear() - 1, at.getFullYear(), at.getFullYear() + 1];
    for (const y of years) {
      const peak = dayNumber(new Date(y, Number(m[2]) - 1, Number(m[3]))) - (d.peakDaysBefore ?? 6);
      const k = today - peak;
      const v = k <= 0 ? 1 + k / 7 : 1 - 0.2 * k;
      best = Math.max(best, Math.round(Math.max(0, v) * 5) / 5);
    }
  }
  return best;
}

/** Month (as the data spells it, three letters) and weekend, in the visitor's local time. */
export function calendarOf(at: Date): { Month: string; Weekend: boolean } {
  const day = at.getDay();
  return { Month: MONTHS[at.getMonth()], Weekend: day === 0 || day === 6 };
}
