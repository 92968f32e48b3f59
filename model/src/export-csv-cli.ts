/**
 * `npm run export-csv -- --records <sessions.jsonl> --out <sessions.csv>`: converts the SDK's exported
 * sessions (`SessionExport`, JSON lines or one JSON array) into a CSV in the UCI schema plus the
 * columns browserFamily, osFamily, trafficSource, arm, offered, maxScore, hasPageStats, which
 * `npm run train` and `npm run uplift` read. The CSV appears only once every record converted.
 */
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { flags, main } from './cli';
import { DataError } from './csv';
import { readExports } from './export-read';
import { EXPORT_CSV_HEADER, exportToCsvRow, validateExport } from './session-export';

main(async () => {
  const args = flags({ records: { type: 'string' }, out: { type: 'string' } });
  if (!args.records) throw new Error('missing --records <sessions.jsonl>');
  if (!args.out) throw new Error('missing --out <sessions.csv>');
  const file = args.records as string;
  const out = args.out as string;
  const tmp = `${out}.tmp-${process.pid}`;
  const stream = createWriteStream(tmp);
  let rows = 0;
  let purchases = 0;
  try {
    const write = async (line: string): Promise<void> => {
      if (!stream.write(`${line}\n`)) await once(stream, 'drain');
    };
    await write(EXPORT_CSV_HEADER);
    for await (const { value, at } of readExports(file)) {
      const e = validateExport(value, at);
      await write(exportToCsvRow(e));
      rows++;
      if (e.Revenue) purchases++;
    }
    if (rows === 0) throw new DataError(file, 0, null, 'no sessions in the file');
    stream.end();
    await once(stream, 'finish');
    renameSync(tmp, out);
  } catch (e) {
    stream.destroy();
    rmSync(tmp, { force: true });
    throw e;
  }
  process.stdout.write(`${rows} sessions (${purchases} with a purchase) from ${file} in ${out}\n`);
});
