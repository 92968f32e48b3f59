/**
 * `npm run uplift -- (--records <sessions.jsonl> | --data <sessions.csv>) [--format json]`: purchase
 * rates of sessions that got an offer against holdout sessions with the same decision, overall, per
 * score band and per trigger and page view of the first decision, with 95% intervals and a plain
 * verdict (see ../feedback/uplift.ts). `--records` reads the SDK's exports (JSON lines or a JSON
 * array) with their decisions; `--data` the CSV `npm run export-csv` writes, which has no decisions
 * (trigger unknown). With `--format json` stdout is exactly one JSON object, the `UpliftReport` plus `file`.
 */
import { flags, runMain } from './cli';
import { readTextFile } from '../data/csv';
import { formatUplift, upliftReport } from '../feedback/uplift';
import { parseUpliftCsv } from '../feedback/uplift-csv';
import { readUpliftRecords } from '../feedback/uplift-records';

runMain(async () => {
  const args = flags({
    data: { type: 'string' },
    records: { type: 'string' },
    format: { type: 'string', default: 'table' },
  });
  if (!args.data === !args.records)
    throw new Error('give one of --records <sessions.jsonl> (the exports) or --data <sessions.csv>');
  if (args.format !== 'json' && args.format !== 'table')
    throw new Error(`unknown --format ${JSON.stringify(args.format)}; use json or table`);
  const file = (args.records ?? args.data) as string;
  const sessions = args.records ? await readUpliftRecords(file) : parseUpliftCsv(readTextFile(file), file);
  const report = upliftReport(sessions);
  process.stdout.write(
    args.format === 'json' ? `${JSON.stringify({ file, ...report })}\n` : `${formatUplift(report, file)}\n`,
  );
});
