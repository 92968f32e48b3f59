import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calendarOf, defaultSpecialDays, specialDay } from '../../src/signals/calendar';

const on = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12);
const valentine = [{ date: '02-14' }];

test("Valentine's Day ramps like the data: non-zero Feb 2 to Feb 12, 1 on Feb 8, steps of 0.2", () => {
  const values = Array.from({ length: 14 }, (_, i) => specialDay(on(2026, 2, i + 1), valentine));
  assert.deepEqual(values, [0, 0.2, 0.2, 0.4, 0.6, 0.8, 0.8, 1, 0.8, 0.6, 0.4, 0.2, 0, 0]);
  for (const v of values) assert.equal(Math.round(v * 5) / 5, v);
});

test('a one-off date applies in its year only; overlapping days take the maximum', () => {
  assert.equal(specialDay(on(2026, 12, 19), [{ date: '2026-12-25' }]), 1);
  assert.equal(specialDay(on(2027, 12, 19), [{ date: '2026-12-25' }]), 0);
  assert.equal(specialDay(on(2026, 12, 19), [{ date: '12-25' }, { date: '12-20', peakDaysBefore: 0 }]), 1);
  assert.equal(specialDay(on(2026, 12, 18), [{ date: '12-25', peakDaysBefore: 0 }]), 0);
});

test("the default list is Valentine's Day and Mother's Day (second Sunday of May)", () => {
  const days = defaultSpecialDays(2026);
  assert.deepEqual(
    days.map((d) => d.date),
    ['02-14', '2026-05-10'],
  );
  assert.equal(specialDay(on(2026, 5, 4), days), 1);
});

test('month as the data spells it and weekend, in local time', () => {
  assert.deepEqual(calendarOf(on(2026, 11, 21)), { Month: 'Nov', Weekend: true });
  assert.deepEqual(calendarOf(on(2026, 6, 3)), { Month: 'Jun', Weekend: false });
  assert.equal(calendarOf(on(2026, 1, 5)).Month, 'Jan');
});
