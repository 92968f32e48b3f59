import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DataError, parseUciCsv } from '../../model/src/data/csv';
import { validateExport } from '../../model/src/feedback/session-export';
import { parsePageViews } from '../../model/src/feedback/page-views';
import { parseUpliftCsv } from '../../model/src/feedback/uplift-csv';
import { EXPORT_CSV_HEADER } from '../../model/src/feedback/session-export';
import { runCli, tempDir, tempFile } from '../helpers/cli';
import { HEADER, csvLine, exported } from '../helpers/records';

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

/** Runs a CLI that must fail, and returns its one line on stderr (nothing on stdout). */
function failsWithOneLine(cli: Parameters<typeof runCli>[0], args: string[]): string {
  const r = runCli(cli, args);
  assert.notEqual(r.status, 0, `${cli} must fail`);
  assert.equal(r.stdout, '', `${cli} prints nothing on stdout`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `${cli} prints one line, got: ${r.stderr}`);
  return lines[0];
}

const withoutPageValues = (): unknown => {
  const e = exported();
  const { PageValues: _, ...features } = e.features;
  return { ...e, features };
};

test('a field absent from an exported record says missing, not "not a number: undefined"', () => {
  const at = { file: 's.jsonl', line: 3 };
  const message = (value: unknown): string => {
    try {
      validateExport(value, at);
    } catch (e) {
      assert.ok(e instanceof DataError);
      return e.message;
    }
    return 'no error';
  };
  assert.equal(message(withoutPageValues()), 's.jsonl:3: column features.PageValues: missing');
  const { arm: _arm, ...noArm } = exported();
  assert.equal(message(noArm), 's.jsonl:3: column arm: missing');
  const { features: _f, ...noFeatures } = exported();
  assert.equal(message(noFeatures), 's.jsonl:3: column features: missing');
  const noDecisionTrigger = { ...exported(), decisions: [{ pageIndex: 1, offerId: 'x', arm: 'control' }] };
  assert.equal(message(noDecisionTrigger), 's.jsonl:3: column decisions[0].trigger: missing');
  // A present but wrong value still says what it is.
  assert.equal(
    message({ ...exported(), arm: null }),
    's.jsonl:3: column arm: expected "treatment" or "control", got null',
  );
});

test('an empty CSV field says missing (empty field) in every CSV reader', () => {
  assert.throws(
    () => parseUciCsv([...good, csvLine(false, { PageValues: '' })].join('\n'), 'f.csv'),
    /^DataError: f\.csv:4: column PageValues: missing \(empty field\)$/,
  );
  assert.throws(
    () => parseUciCsv([...good, csvLine(false, { Revenue: '' })].join('\n'), 'f.csv'),
    /^DataError: f\.csv:4: column Revenue: missing \(empty field\); expected TRUE or FALSE$/,
  );
  assert.throws(
    () => parsePageViews('session_id,timestamp,page_path,revenue\ns1,,/,0', 'v.csv'),
    /^DataError: v\.csv:2: column timestamp: missing \(empty field\)$/,
  );
  assert.throws(
    () => parseUpliftCsv('Revenue,arm,offered,maxScore\nTRUE,,TRUE,0.1', 'u.csv'),
    /^DataError: u\.csv:2: column arm: missing \(empty field\)$/,
  );
});

test('train and evaluate given the JSON exports say to run export-csv first', () => {
  const jsonl = tempFile('sessions.jsonl', `${JSON.stringify(exported())}\n`);
  const advice = `:1: this is JSON (the SDK's session exports?), not a CSV; convert the exports first with npm run export-csv -- --records ${jsonl} --out <sessions.csv>, then give that CSV`;
  assert.equal(
    failsWithOneLine('train', ['--data', jsonl, '--out', path.join(tempDir(), 'a')]),
    `error: ${jsonl}${advice}`,
  );
  assert.equal(failsWithOneLine('evaluate', ['--data', jsonl]), `error: ${jsonl}${advice}`);
  const array = tempFile('sessions.json', JSON.stringify([exported()]));
  assert.match(failsWithOneLine('train', ['--data', array]), /sessions\.json:1: this is JSON .*npm run export-csv/);
});

test('uplift --data and page-stats given the JSON exports say what to give instead', () => {
  const jsonl = tempFile('sessions.jsonl', `${JSON.stringify(exported())}\n`);
  assert.equal(
    failsWithOneLine('uplift', ['--data', jsonl]),
    `error: ${jsonl}:1: this is JSON (the SDK's session exports?), not a CSV; give the exports as --records ${jsonl}, or convert them with npm run export-csv`,
  );
  assert.match(
    failsWithOneLine('page-stats', ['--events', jsonl, '--out', path.join(tempDir(), 'p.json')]),
    /sessions\.jsonl:1: this is JSON .*page-stats reads a page-view log \(a CSV with session_id, timestamp, page_path, revenue\)/,
  );
});

test('export-csv and uplift --records given a CSV say it is not JSON', () => {
  const csv = tempFile('sessions.csv', `${EXPORT_CSV_HEADER}\n`);
  for (const [cli, args] of [
    ['export-csv', ['--records', csv, '--out', path.join(tempDir(), 'o.csv')]],
    ['uplift', ['--records', csv]],
  ] as const)
    assert.equal(
      failsWithOneLine(cli, [...args]),
      `error: ${csv}:1: not JSON: expected one SessionExport JSON object per line, or a JSON array of them, but the file starts with "A" (a CSV? --data of train, evaluate and uplift reads CSVs)`,
    );
});

test('export-csv and uplift --records name a missing field of a record as missing', () => {
  const jsonl = tempFile('sessions.jsonl', `${JSON.stringify(exported())}\n${JSON.stringify(withoutPageValues())}\n`);
  const want = `error: ${jsonl}:2: column features.PageValues: missing`;
  assert.equal(failsWithOneLine('export-csv', ['--records', jsonl, '--out', path.join(tempDir(), 'o.csv')]), want);
  assert.equal(failsWithOneLine('uplift', ['--records', jsonl]), want);
});

test('card names a metrics file that is absent, not JSON, or without its schemaVersion', () => {
  const dir = tempDir();
  assert.equal(
    failsWithOneLine('card', ['--artifacts', dir]),
    `error: ${path.join(dir, 'full', 'metrics.json')}: cannot read the file (ENOENT)`,
  );
  mkdirSync(path.join(dir, 'full'));
  writeFileSync(path.join(dir, 'full', 'metrics.json'), '{"variant": "full"');
  assert.match(failsWithOneLine('card', ['--artifacts', dir]), /full\/metrics\.json: not valid JSON \(/);
  writeFileSync(path.join(dir, 'full', 'metrics.json'), '{"variant": "full"}');
  assert.equal(
    failsWithOneLine('card', ['--artifacts', dir]),
    `error: ${path.join(dir, 'full', 'metrics.json')}: column schemaVersion: missing; the card reads schema 4 (retrain with npm run train)`,
  );
});

// Each CLI's options, as its unknown-option error must list them (train's child mode --variant left out).
const OPTIONS = {
  train: '--data <value>, --out <value>, --include-base, --quick',
  evaluate: '--data <value>, --format <value>, --artifacts <value>, --page-view <value>',
  'export-csv': '--records <value>, --out <value>',
  'page-stats': '--events <value>, --out <value>',
  uplift: '--data <value>, --records <value>, --format <value>',
  card: '--artifacts <value>',
} as const;

for (const [cli, options] of Object.entries(OPTIONS) as [keyof typeof OPTIONS, string][]) {
  test(`${cli}: an unknown option is named with the valid ones`, () => {
    assert.equal(failsWithOneLine(cli, ['--dta', 'x.csv']), `error: unknown option --dta; valid options: ${options}`);
  });
}

test('a stray argument or an option without its value lists the valid options too', () => {
  assert.equal(
    failsWithOneLine('export-csv', ['sessions.jsonl']),
    `error: unexpected argument "sessions.jsonl" (every input is an option); valid options: ${OPTIONS['export-csv']}`,
  );
  assert.equal(
    failsWithOneLine('page-stats', ['--events']),
    `error: Option '--events <value>' argument missing; valid options: ${OPTIONS['page-stats']}`,
  );
});
