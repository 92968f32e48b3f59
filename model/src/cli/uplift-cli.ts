/**
 * `npm run uplift -- --data <sessions.csv> [--format json]`: purchase rates of sessions that got an
 * offer against holdout sessions with the same decision, overall and per score band, with 95%
 * intervals and a plain verdict (see ../feedback/uplift.ts). The CSV is what `npm run export-csv` writes.
 * With `--format json` stdout is exactly one JSON object, the `UpliftReport` plus `file`.
 */
import { flags, runMain } from './cli';
import { readTextFile } from '../data/csv';
import { formatUplift, upliftReport } from '../feedback/uplift';
import { parseUpliftCsv } from '../feedback/uplift-csv';

runMain(async () => {
  const args = flags({ data: { type: 'string' }, format: { type: 'string', default: 'table' } });
  if (!args.data) throw new Error('missing --data <sessions.csv>');
  if (args.format !== 'json' && args.format !== 'table')
    throw new Error(`unknown --format ${JSON.stringify(args.format)}; use json or table`);
  const file = args.data as string;
  const report = upliftReport(parseUpliftCsv(readTextFile(file), file));
  process.stdout.write(
    args.format === 'json' ? `${JSON.stringify({ file, ...report })}\n` : `${formatUplift(report, file)}\n`,
  );
});
