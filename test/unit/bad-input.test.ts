import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DataError, parseUciCsv } from '../../model/src/data/csv';
import { runCli, tempDir, tempFile } from '../helpers/cli';
import { HEADER, csvLine } from '../helpers/records';

const good = [HEADER, csvLine(false), csvLine(true)];
const cases: { name: string; text: string; expect: RegExp }[] = [
  {
    name: 'a missing column',
    text: [HEADER.replace(',PageValues', ''), csvLine(false).replace(',0,0,Nov', ',0,Nov')].join('\n'),
    expect: /:1: column PageValues: missing from the header/,
  },
  {
    name: 'an unparseable number',
    text: [...good, csvLine(false, { ProductRelated_Duration: '12x' })].join('\n'),
    expect: /:4: column ProductRelated_Duration: not a number: "12x"/,
  },
  {
    name: 'an unknown label',
    text: [...good, csvLine(false, { Revenue: 'MAYBE' })].join('\n'),
    expect: /:4: column Revenue: unknown label "MAYBE"/,
  },
  { name: 'an empty file', text: '', expect: /:1: the file is empty/ },
  {
    name: 'the wrong delimiter',
    text: good.map((l) => l.replace(/,/g, ';')).join('\n'),
    expect: /:1: wrong delimiter: expected ',' but the header is separated by ";"/,
  },
];

for (const c of cases) {
  test(`parsing rejects ${c.name} with the file, line and column`, () => {
    assert.throws(
      () => parseUciCsv(c.text, 'bad.csv'),
      (e: unknown) => e instanceof DataError && c.expect.test(e.message) && e.message.startsWith('bad.csv:'),
    );
  });
}

test('parsing also rejects negative durations, NaN, unknown months and visitor types', () => {
  assert.throws(
    () => parseUciCsv([...good, csvLine(false, { Administrative_Duration: '-1' })].join('\n'), 'f.csv'),
    /f\.csv:4: column Administrative_Duration: -1 is outside/,
  );
  assert.throws(
    () => parseUciCsv([...good, csvLine(false, { ExitRates: 'NaN' })].join('\n'), 'f.csv'),
    /f\.csv:4: column ExitRates: not a number/,
  );
  assert.throws(
    () => parseUciCsv([...good, csvLine(false, { Month: 'Foo' })].join('\n'), 'f.csv'),
    /f\.csv:4: column Month: unknown month/,
  );
  assert.throws(
    () => parseUciCsv([...good, csvLine(false, { VisitorType: 'Bot' })].join('\n'), 'f.csv'),
    /f\.csv:4: column VisitorType: unknown visitor type/,
  );
});

test('parsing accepts the data spelling June, Windows line endings and extra columns', () => {
  const text = [`${HEADER},Extra`, `${csvLine(false, { Month: 'June' })},x`, `${csvLine(true)},y`].join('\r\n');
  const d = parseUciCsv(text, 'ok.csv');
  assert.equal(d.rows.length, 2);
  assert.equal(d.rows[0].Month, 'Jun');
  assert.deepEqual(d.labels, [0, 1]);
});

for (const c of cases) {
  test(`train and evaluate exit non-zero with one line on ${c.name}, and train writes nothing`, () => {
    const file = tempFile('bad.csv', c.text);
    const out = path.join(tempDir(), 'artifacts');
    for (const [cli, args] of [
      ['train', ['--data', file, '--out', out]],
      ['evaluate', ['--data', file, '--format', 'json']],
    ] as const) {
      const r = runCli(cli, [...args]);
      assert.notEqual(r.status, 0, `${cli} must fail`);
      assert.equal(r.stdout, '', `${cli} prints nothing on stdout`);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `${cli} prints one line, got: ${r.stderr}`);
      assert.ok(lines[0].includes(file), `${cli} names the file: ${lines[0]}`);
      assert.match(lines[0], c.expect);
    }
    assert.equal(existsSync(out), false, 'no artifacts folder');
    assert.deepEqual(readdirSync(path.dirname(out)), [], 'no temporary leftovers');
  });
}
