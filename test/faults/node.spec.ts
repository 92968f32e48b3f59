import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../e2e/fixtures';
import { runCli, tempDir, tempFile } from '../helpers/cli';
import { fault } from './helpers';

test('SSR: importing the ESM build in plain Node and calling every public function', async () => {
  fault(
    'SSR',
    'import the ESM entry in plain Node and call every public function',
    'nothing throws; every call is a no-op (score and getSession resolve to null)',
  );
  const entry = path.resolve('dist/index.js');
  const script = `
    const sdk = await import(${JSON.stringify(entry)});
    const t = sdk.initIntentTracker(() => {}, { threshold: 0.2, spa: true, pageStats: '/x.json' });
    t.trackPageView({ type: 'product' }); t.recordPurchase(); t.setConsent(true); t.setConsent(false);
    const out = [await t.score(), await t.getSession(), typeof window, typeof document];
    t.destroy();
    sdk.validateConfig({ threshold: 0.2 });
    console.log(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual([null, null, 'undefined', 'undefined']);
});

const HEADER = readFileSync('model/data/online_shoppers_intention.train.csv', 'utf8').split('\n')[0];
const ROW = '0,0,0,0,5,120,0.02,0.04,0,0,Nov,2,2,1,2,Returning_Visitor,FALSE,FALSE';
const BUY = '0,0,0,0,9,400,0.0,0.02,30,0,Nov,2,2,1,2,Returning_Visitor,FALSE,TRUE';
const body = (extra: string[]) =>
  [HEADER, ...Array.from({ length: 20 }, (_, i) => (i % 5 ? ROW : BUY)), ...extra].join('\n');
const cases: [string, string, RegExp][] = [
  [
    'a missing column',
    [HEADER.replace('ExitRates,', ''), ROW.replace('0.04,', '')].join('\n'),
    /:1: column ExitRates: missing from the header/,
  ],
  [
    'a bad number',
    body(['0,0,0,0,5,12o,0.02,0.04,0,0,Nov,2,2,1,2,Returning_Visitor,FALSE,FALSE']),
    /:22: column ProductRelated_Duration: not a number: "12o"/,
  ],
  [
    'NaN',
    body(['0,0,0,0,5,120,NaN,0.04,0,0,Nov,2,2,1,2,Returning_Visitor,FALSE,FALSE']),
    /:22: column BounceRates: not a number: "NaN"/,
  ],
  [
    'a negative duration',
    body(['0,-3,0,0,5,120,0.02,0.04,0,0,Nov,2,2,1,2,Returning_Visitor,FALSE,FALSE']),
    /:22: column Administrative_Duration: -3 is outside/,
  ],
  [
    'an unknown category',
    body(['0,0,0,0,5,120,0.02,0.04,0,0,Nov,2,2,1,2,Robot,FALSE,FALSE']),
    /:22: column VisitorType: unknown visitor type "Robot"/,
  ],
  ['0 rows', HEADER, /:2: no data rows after the header/],
  ['one class only', [HEADER, ROW, ROW, ROW].join('\n'), /: column Revenue: every row is FALSE/],
];

for (const [name, text, message] of cases) {
  test(`training input: ${name}`, () => {
    fault(
      'Training input',
      `train and evaluate on a CSV with ${name}`,
      'exit 1 with one line naming the file, line and column; no artifact written',
    );
    const file = tempFile('bad.csv', text);
    const dir = path.dirname(file);
    for (const r of [
      runCli('train', ['--data', file, '--out', path.join(dir, 'out')]),
      runCli('evaluate', ['--data', file, '--format', 'json']),
    ]) {
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toMatch(message);
    }
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
}

test('training input: a 200 MB file', async () => {
  test.setTimeout(600_000);
  fault(
    'Training input',
    'a 200 MB file (2.4 million sessions)',
    'evaluate finishes within memory; train refuses at once with one line (its quadratic baseline), writing nothing',
  );
  const dir = tempDir();
  const file = path.join(dir, 'big.csv');
  try {
    const data = readFileSync('model/data/online_shoppers_intention.train.csv', 'utf8');
    const body = data.slice(data.indexOf('\n') + 1);
    const copies = Math.ceil((200 * 1024 * 1024) / Buffer.byteLength(body));
    writeFileSync(file, data.slice(0, data.indexOf('\n') + 1) + body.repeat(copies));
    const rows = copies * body.trim().split('\n').length;

    const train = runCli('train', ['--data', file, '--out', path.join(dir, 'out')]);
    expect(train.status).toBe(1);
    expect(train.stderr.trim().split('\n')).toHaveLength(1);
    expect(train.stderr).toContain(`${file}: ${rows} rows is more than one train run takes`);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);

    // GNU time reports the peak memory where it is installed; the run itself is the check.
    const timed = existsSync('/usr/bin/time');
    const started = Date.now();
    const evaluate = runCli(
      'evaluate',
      ['--data', file, '--format', 'json'],
      timed ? ['/usr/bin/time', '-f', 'maxrss_kb=%M'] : [],
    );
    expect(evaluate.status).toBe(0);
    expect(JSON.parse(evaluate.stdout).rows).toBe(rows);
    const rss = /maxrss_kb=(\d+)/.exec(evaluate.stderr)?.[1];
    test.info().annotations.push({
      type: 'measured',
      description: `evaluate: ${rows} rows in ${((Date.now() - started) / 1000).toFixed(0)} s${rss ? `, peak memory ${(Number(rss) / 1024).toFixed(0)} MB` : ''}`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true }); // 200 MB: never leave it in the temp folder
  }
});
