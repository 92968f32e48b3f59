import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionRecord } from '../../src/features/types';
import { LEAVE_TARGET } from '../../src/model/artifact-format';
import { buildInProgress } from '../../model/src/data/in-progress';
import { LEAVE_WITHIN, leaveLabels, leavesWithin } from '../../model/src/data/leave';
import { pageCount } from '../../model/src/data/states';
import { jointTable } from '../../model/src/training/leave-risk';

// The leave-risk label: the state at page view k of a session with n states "leaves" when the
// visit's last page view is k, k + 1 or k + 2.

/** A session row with `admin` administrative and `product` product pages (the other columns fixed). */
const row = (admin: number, product: number): SessionRecord => ({
  Administrative: admin,
  Administrative_Duration: admin * 10,
  Informational: 0,
  Informational_Duration: 0,
  ProductRelated: product,
  ProductRelated_Duration: product * 20,
  BounceRates: 0.02,
  ExitRates: 0.04,
  PageValues: 0,
  SpecialDay: 0,
  Month: 'Nov',
  OperatingSystems: 1,
  Browser: 1,
  Region: 1,
  TrafficType: 1,
  VisitorType: 'Returning_Visitor',
  Weekend: false,
});

test('leavesWithin: by hand for sessions of 1, 3, 4 and 6 states', () => {
  assert.equal(LEAVE_WITHIN, 2);
  assert.equal(LEAVE_TARGET, `leave-within-${LEAVE_WITHIN}`, 'the metadata target names the same horizon');
  assert.deepEqual(
    [1].map((k) => leavesWithin(1, k)),
    [1],
  );
  assert.deepEqual(
    [1, 2, 3].map((k) => leavesWithin(3, k)),
    [1, 1, 1],
  );
  assert.deepEqual(
    [1, 2, 3, 4].map((k) => leavesWithin(4, k)),
    [0, 1, 1, 1],
  );
  assert.deepEqual(
    [1, 2, 3, 4, 5, 6].map((k) => leavesWithin(6, k)),
    [0, 0, 0, 1, 1, 1],
  );
  for (const [n, k] of [
    [3, 0],
    [3, 4],
    [2.5, 1],
  ])
    assert.throws(() => leavesWithin(n, k), RangeError);
});

test('leaveLabels: every state of hand-built sessions, the reported points and the totals', () => {
  // 6 typed pages, 2 typed pages, and none (its one state is the row itself).
  const rows = [row(2, 4), row(1, 1), row(0, 0)];
  const data = { rows, labels: [1, 0, 0] };
  // Keep every state: the sample then holds page views 1..n of each session in order.
  const ip = buildInProgress(data, { trainStates: 1e9 });
  const y = leaveLabels(ip);
  const bySession = (i: number, rowsOf: number[]) => rowsOf.filter((r) => ip.session[r] === i).map((r) => y[r]);
  assert.deepEqual(bySession(0, ip.train), [0, 0, 0, 1, 1, 1]);
  assert.deepEqual(bySession(1, ip.train), [1, 1]);
  assert.deepEqual(bySession(2, ip.train), [1]);
  // The state a row carries is the one its page view says: k typed pages (none for the page-less session).
  for (const r of ip.train)
    assert.equal(pageCount(ip.data.rows[r]), pageCount(rows[ip.session[r]]) === 0 ? 0 : ip.pageView[r]);
  const at = (point: number | 'last') => ip.points.find((p) => p.at === point)!.rows.map((r) => [ip.session[r], y[r]]);
  assert.deepEqual(at(1), [
    [0, 0],
    [1, 1],
    [2, 1],
  ]);
  assert.deepEqual(at(3), [[0, 0]]);
  assert.deepEqual(at(5), [[0, 1]]);
  assert.deepEqual(at('last'), [
    [0, 1],
    [1, 1],
    [2, 1],
  ]);
  assert.deepEqual(
    ip.totals.map((r) => y[r]),
    [1, 1, 1],
    "a session's totals are its last page view",
  );
});

test('jointTable bins purchase probability by 0.01 and leave risk by 0.1, clamping 1 into the last bin', () => {
  const t = jointTable([1, 0, 1, 0], [0.005, 0.999, 1, 0.42], [0.05, 1, 0.95, 0.42]);
  assert.equal(t.probabilityBins, 100);
  assert.equal(t.leaveRiskBins, 10);
  assert.equal(t.sessions.length, 100);
  assert.ok(t.sessions.every((r) => r.length === 10));
  assert.equal(t.sessions[0][0], 1);
  assert.equal(t.purchases[0][0], 1);
  assert.equal(t.sessions[99][9], 2);
  assert.equal(t.purchases[99][9], 1);
  assert.equal(t.sessions[42][4], 1);
  assert.equal(t.purchases[42][4], 0);
  assert.equal(
    t.sessions.flat().reduce((s, x) => s + x, 0),
    4,
  );
});
