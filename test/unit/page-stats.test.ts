import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DataError } from '../../model/src/data/csv';
import { computePageStats } from '../../model/src/feedback/page-stats';
import { parsePageViews, parseTimestamp } from '../../model/src/feedback/page-views';
import { runCli, tempDir } from '../helpers/cli';

// Five sessions, rows deliberately out of order and interleaved, timestamps in both accepted forms.
//   s1: /home, /products/a, /cart, /checkout/thanks (revenue 100)
//   s2: /home                                        (a bounce)
//   s3: /products/a, /home
//   s4: /products/a, /cart, /checkout/thanks (50), /products/b   (browses on after buying)
//   s5: /home, /home, /cart, /checkout/thanks (30)               (/home viewed twice)
const LOG = [
  'session_id,timestamp,page_path,revenue',
  's1,2024-05-01T10:03:00Z,/checkout/thanks,100',
  's1,2024-05-01T10:00:00Z,/home,',
  's2,2024-05-01T11:00:00Z,/home,',
  's1,2024-05-01T10:01:00Z,/products/a,0',
  's1,2024-05-01T10:02:00Z,/cart,',
  's3,1714561200000,/products/a,',
  's3,1714561260000,/home,',
  's4,2024-05-02 09:00:00,/products/a,',
  's4,2024-05-02 09:01:00,/cart,',
  's4,2024-05-02 09:03:00,/products/b,',
  's4,2024-05-02 09:02:00,/checkout/thanks,50',
  's5,2024-05-03T08:00:00+02:00,/home,',
  's5,2024-05-03T08:00:30+02:00,/home,',
  's5,2024-05-03T08:01:00+02:00,/cart,',
  's5,2024-05-03T08:02:00+02:00,/checkout/thanks,30.00',
  '',
].join('\n');

test('bounce rate, exit rate and page value of a hand-computed log, by Universal Analytics definitions', () => {
  const r = computePageStats(parsePageViews(LOG, 'log.csv'));
  assert.deepEqual(r.stats, {
    // Entrances s1, s2, s5, one bounce (s2): 1/3. Exits s2, s3 of 5 views: 2/5. Unique views in s1, s2,
    // s3, s5 = 4; credited revenue 100 (s1) + 30 (s5, once although viewed twice) = 130: 130/4.
    '/home': { bounceRate: 0.333333, exitRate: 0.4, pageValue: 32.5 },
    // Entrances s3, s4, no bounce. No exit. Unique 3; 100 (s1) + 50 (s4) = 150: 150/3.
    '/products/a': { bounceRate: 0, exitRate: 0, pageValue: 50 },
    // Never an entrance (bounce rate 0). No exit. Unique 3; 100 + 50 + 30 = 180: 180/3.
    '/cart': { bounceRate: 0, exitRate: 0, pageValue: 60 },
    // The transaction's own view is not credited. Exits s1, s5 of 3 views: 2/3.
    '/checkout/thanks': { bounceRate: 0, exitRate: 0.666667, pageValue: 0 },
    // Viewed after s4's transaction: no credit. Its only view is s4's exit: 1/1.
    '/products/b': { bounceRate: 0, exitRate: 1, pageValue: 0 },
  });
  assert.deepEqual(
    Object.keys(r.stats),
    ['/cart', '/checkout/thanks', '/home', '/products/a', '/products/b'],
    'sorted keys',
  );
  assert.deepEqual(
    { views: r.views, sessions: r.sessions, pages: r.pages, transactions: r.transactions, revenue: r.revenue },
    { views: 15, sessions: 5, pages: 5, transactions: 3, revenue: 180 },
  );
});

test('two transactions in one session each credit the pages viewed before them', () => {
  const log = [
    'session_id,timestamp,page_path,revenue',
    'x,1000,/a,',
    'x,2000,/buy,10',
    'x,3000,/b,',
    'x,4000,/buy,20',
  ].join('\n');
  const { stats } = computePageStats(parsePageViews(log, 'two.csv'));
  // /a precedes both (10 + 20); /buy (first view) and /b precede only the second (20). One session each.
  assert.equal(stats['/a'].pageValue, 30);
  assert.equal(stats['/buy'].pageValue, 20);
  assert.equal(stats['/b'].pageValue, 20);
  assert.equal(stats['/a'].bounceRate, 0);
  assert.equal(stats['/buy'].exitRate, 0.5);
});

test('equal timestamps keep the file order; paths are kept exactly, quoted commas included', () => {
  const log = [
    'page_path,revenue,session_id,timestamp,extra',
    '/first,,s,2024-01-01,x',
    '"/search?q=a,b",,s,2024-01-01,y',
    '/Home ,,t,2024-01-01,z',
  ].join('\r\n');
  const { stats } = computePageStats(parsePageViews(log, 'ties.csv'));
  assert.deepEqual(Object.keys(stats), ['/Home ', '/first', '/search?q=a,b']);
  assert.equal(stats['/first'].exitRate, 0, 'the second row is the later view');
  assert.equal(stats['/search?q=a,b'].exitRate, 1);
  assert.equal(stats['/Home '].bounceRate, 1);
});

test('timestamps: epoch milliseconds or ISO 8601, nothing else', () => {
  assert.equal(parseTimestamp('1714561200000'), 1714561200000);
  assert.equal(parseTimestamp('2024-05-01T11:00:00Z'), 1714561200000);
  assert.equal(parseTimestamp('2024-05-01T13:00:00+02:00'), 1714561200000);
  for (const bad of ['', 'yesterday', '05/01/2024', '2024-5-1', '1714561200000ms'])
    assert.ok(Number.isNaN(parseTimestamp(bad)), bad);
});

const HEAD = 'session_id,timestamp,page_path,revenue';
const bad: { name: string; text: string; expect: RegExp }[] = [
  {
    name: 'a missing column',
    text: 'session_id,timestamp,page_path\ns,1,/a',
    expect: /^bad\.csv:1: column revenue: missing from the header$/,
  },
  {
    name: 'a bad timestamp',
    text: `${HEAD}\ns,1,/a,\ns,01/05/2024,/b,`,
    expect: /^bad\.csv:3: column timestamp: not an ISO 8601 date or epoch milliseconds: "01\/05\/2024"$/,
  },
  {
    name: 'a negative revenue',
    text: `${HEAD}\ns,1,/a,-5`,
    expect: /^bad\.csv:2: column revenue: not a non-negative number: "-5"$/,
  },
  { name: 'a wrong field count', text: `${HEAD}\ns,1,/a`, expect: /^bad\.csv:2: expected 4 fields, found 3$/ },
  { name: 'an empty path', text: `${HEAD}\ns,1, ,`, expect: /^bad\.csv:2: column page_path: missing \(empty field\)$/ },
  { name: 'an unclosed quote', text: `${HEAD}\ns,1,"/a,`, expect: /^bad\.csv:2: a quoted field is not closed$/ },
  {
    name: 'the wrong delimiter',
    text: `${HEAD.replace(/,/g, ';')}\ns;1;/a;`,
    expect: /^bad\.csv:1: wrong delimiter: expected ',' but the header is separated by ";"$/,
  },
  { name: 'an empty file', text: '', expect: /^bad\.csv:1: the file is empty/ },
];
for (const c of bad) {
  test(`page views: ${c.name} is a DataError naming file, line and column`, () => {
    assert.throws(
      () => parsePageViews(c.text, 'bad.csv'),
      (e: unknown) => e instanceof DataError && c.expect.test(e.message),
    );
  });
}

const cli = (args: string[]) => runCli('page-stats', args);

test('npm run page-stats writes the JSON the SDK reads, or fails with one line and writes nothing', () => {
  const dir = tempDir();
  const events = path.join(dir, 'views.csv');
  const out = path.join(dir, 'page-stats.json');
  writeFileSync(events, LOG);
  const ok = cli(['--events', events, '--out', out]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^15 page views in 5 sessions, 3 transactions \(revenue 180\): statistics of 5 pages in /);
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), computePageStats(parsePageViews(LOG, events)).stats);

  const badFile = path.join(dir, 'bad.csv');
  writeFileSync(badFile, `${HEAD}\ns,1,/a,\ns,x,/b,`);
  const badOut = path.join(dir, 'none.json');
  const r = cli(['--events', badFile, '--out', badOut]);
  assert.notEqual(r.status, 0);
  assert.equal(r.stderr, `error: ${badFile}:3: column timestamp: not an ISO 8601 date or epoch milliseconds: "x"\n`);
  assert.equal(existsSync(badOut), false);
  assert.match(
    cli(['--events', path.join(dir, 'missing.csv'), '--out', badOut]).stderr,
    /^error: .*missing\.csv: cannot read the file \(ENOENT\)\n$/,
  );
});
