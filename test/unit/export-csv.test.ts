import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DataError, parseUciCsv } from '../../model/src/data/csv';
import { EXPORT_CSV_HEADER, exportToCsvRow, validateExport } from '../../model/src/feedback/session-export';
import { runCli, tempDir, tempFile } from '../helpers/cli';
import { exported, HEADER, record } from '../helpers/records';

const at = { file: 's.jsonl', line: 7 };

test('the header is the 18 UCI columns in UCI order, then the export columns', () => {
  assert.equal(EXPORT_CSV_HEADER, `${HEADER},browserFamily,osFamily,trafficSource,arm,offered,maxScore,hasPageStats`);
});

test('one exported session becomes one CSV row: codes 0, 3-letter month, TRUE/FALSE, offered and the highest score', () => {
  assert.equal(
    exportToCsvRow(validateExport(exported(), at)),
    '2,40,0,0,10,312.5,0.01,0.03,12.25,0,Jun,0,0,0,0,Returning_Visitor,FALSE,TRUE,Chrome,Android,search,treatment,TRUE,0.31,TRUE',
  );
  // A never-scored control session without an offer decision: offered FALSE, maxScore empty, the comma quoted.
  const control = exported({
    arm: 'control',
    offers: [],
    scores: [],
    Revenue: false,
    hasPageStats: false,
    browserFamily: 'Samsung Internet, beta',
  });
  assert.match(exportToCsvRow(control), /,FALSE,FALSE,"Samsung Internet, beta",Android,search,control,FALSE,,FALSE$/);
});

test('the CSV trains: the UCI parser reads it back with browser family, traffic source and hasPageStats', () => {
  const rows = [
    exported(),
    exported({ Revenue: false, hasPageStats: false, trafficSource: 'email', browserFamily: 'Safari, iOS' }),
  ];
  const d = parseUciCsv([EXPORT_CSV_HEADER, ...rows.map(exportToCsvRow)].join('\n'), 'e.csv');
  assert.deepEqual(d.labels, [1, 0]);
  assert.deepEqual(d.hasPageStats, [true, false]);
  assert.deepEqual(d.extraColumns, ['browserFamily', 'trafficSource']);
  assert.equal(d.rows[1].browserFamily, 'Safari, iOS');
  assert.equal(d.rows[1].trafficSource, 'email');
  assert.equal(d.rows[0].Month, 'Jun');
  assert.equal(d.rows[0].ProductRelated_Duration, 312.5);
});

const bad: [string, unknown, RegExp][] = [
  ['not an object', [1, 2], /^s\.jsonl:7: expected a JSON object/],
  [
    'another schema version',
    { ...exported(), schemaVersion: 2 },
    /^s\.jsonl:7: column schemaVersion: unsupported 2; this tool reads 1$/,
  ],
  [
    'a negative duration',
    { ...exported(), features: record({ ProductRelated_Duration: -1 }) },
    /column features\.ProductRelated_Duration: -1 is outside \[0, Infinity\]/,
  ],
  [
    'a rate above 1',
    { ...exported(), features: record({ ExitRates: 1.5 }) },
    /column features\.ExitRates: 1\.5 is outside \[0, 1\]/,
  ],
  [
    'an unknown month',
    { ...exported(), features: record({ Month: 'Smarch' }) },
    /column features\.Month: unknown month "Smarch"/,
  ],
  ['a missing label', { ...exported(), Revenue: undefined }, /column Revenue: missing$/],
  ['an unknown arm', { ...exported(), arm: 'holdout' }, /column arm: expected "treatment" or "control", got "holdout"/],
  [
    'a probability out of range',
    { ...exported(), scores: [{ pageIndex: 1, probability: 2, variant: 'full' }] },
    /column scores\[0\]\.probability: expected a number in \[0, 1\], got 2/,
  ],
];
for (const [name, value, expect] of bad) {
  test(`an exported record with ${name} is a DataError naming the field`, () => {
    assert.throws(
      () => validateExport(value, at),
      (e: unknown) => e instanceof DataError && expect.test(e.message),
    );
  });
}

const cli = (args: string[]) => runCli('export-csv', args);

test('npm run export-csv reads JSON lines or a JSON array, and on a bad record writes nothing and names its line', () => {
  const records = [exported(), exported({ Revenue: false, arm: 'control' })];
  const dir = tempDir();
  const want = [EXPORT_CSV_HEADER, ...records.map(exportToCsvRow), ''].join('\n');
  const jsonl = tempFile('s.jsonl', `${records.map((r) => JSON.stringify(r)).join('\n')}\n\n`);
  const array = tempFile('s.json', JSON.stringify(records, null, 2));
  for (const input of [jsonl, array]) {
    const out = path.join(dir, `${path.basename(input)}.csv`);
    const r = cli(['--records', input, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `2 sessions (1 with a purchase) from ${input} in ${out}\n`);
    assert.equal(readFileSync(out, 'utf8'), want);
  }
  const broken = tempFile(
    'b.jsonl',
    [JSON.stringify(records[0]), '{"schemaVersion": 1,', JSON.stringify(records[1])].join('\n'),
  );
  const out = path.join(dir, 'broken.csv');
  const r = cli(['--records', broken, '--out', out]);
  assert.notEqual(r.status, 0);
  assert.match(
    r.stderr,
    new RegExp(`^error: ${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2: not valid JSON \\(.*\\)\\n$`),
  );
  assert.equal(existsSync(out), false);
  const wrong = tempFile('w.json', JSON.stringify([records[0], { ...records[1], features: record({ Month: 'Foo' }) }]));
  assert.match(
    cli(['--records', wrong, '--out', out]).stderr,
    /^error: .*w\.json\[1\]: column features\.Month: unknown month "Foo"\n$/,
  );
  assert.deepEqual(existsSync(out), false);
  // Nor a temporary file: only the two good CSVs are in the folder.
  assert.deepEqual(readdirSync(dir).sort(), ['s.json.csv', 's.jsonl.csv']);
});
