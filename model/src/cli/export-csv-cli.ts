/**
 * `npm run export-csv -- --records <sessions.jsonl> --out <sessions.csv>`: converts the SDK's exported
 * sessions (`SessionExport`, JSON lines or one JSON array) into a CSV in the UCI schema plus the
 * columns browserFamily, osFamily, trafficSource, arm, offered, maxScore, hasPageStats, which
 * `npm run train` and `npm run uplift` read. The CSV appears only once every record converted.
 */
import { flags, runMain } from './cli';
import { DataError } from '../data/csv';
import { readExports } from '../feedback/export-read';
import { EXPORT_CSV_HEADER, exportToCsvRow, validateExport } from '../feedback/session-export';
import { writeLinesAtomically } from '../lib/atomic-write';

runMain(async () => {
  const args = flags({ records: { type: 'string' }, out: { type: 'string' } });
  if (!args.records) throw new Error('missing --records <sessions.jsonl>');
  if (!args.out) throw new Error('missing --out <sessions.csv>');
  const file = args.records as string;
  const out = args.out as string;
  let rows = 0;
  let purchases = 0;
  async function* lines(): AsyncGenerator<string> {
    yield EXPORT_CSV_HEADER;
    for await (const { value, at } of readExports(file)) {
      const e = validateExport(value, at);
      yield exportToCsvRow(e);
      rows++;
      if (e.Revenue) purchases++;
    }
    if (rows === 0) throw new DataError(file, 0, null, 'no sessions in the file');
  }
  await writeLinesAtomically(out, lines());
  process.stdout.write(`${rows} sessions (${purchases} with a purchase) from ${file} in ${out}\n`);
});
