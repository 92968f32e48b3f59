/**
 * `npm run uplift -- --data <sessions.csv> [--format json]`: purchase rates of sessions that got an
 * offer against holdout sessions with the same decision, overall and per score band, with 95%
 * intervals and a plain verdict (see ./uplift.ts). The CSV is what `npm run export-csv` writes.
 * With `--format json` stdout is exactly one JSON object, the `UpliftReport` plus `file`.
 */
import { readFileSync } from 'node:fs';
import { flags, main } from './cli';
import { DataError } from './csv';
import { formatUplift, upliftReport } from './uplift';
import { parseUpliftCsv } from './uplift-csv';

main(async () => {
  const args = flags({ data: { type: 'string' }, format: { type: 'string', default: 'table' } });
  if (!args.data) throw new Error('missing --data <sessions.csv>');
  if (args.format !== 'json' && args.format !== 'table') throw new Error(`unknown --format ${JSON.stringify(args.format)}; use json or table`);
  const file = args.data as string;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DataError(file, 0, null, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  const report = upliftReport(parseUpliftCsv(text, file));
  process.stdout.write(args.format === 'json' ? `${JSON.stringify({ file, ...report })}\n` : `${formatUplift(report, file)}\n`);
});
