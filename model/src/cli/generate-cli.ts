/**
 * `tsx model/src/cli/generate-cli.ts --rows <n> --out <file.csv> [--extras] [--seed <n>]`: writes `n`
 * synthetic sessions (see ../data/generate.ts) in the UCI schema, with `--extras` also the columns of
 * `npm run export-csv`. For trying the pipeline and for the scaling benchmark; not real data.
 */
import { flags, runMain } from './cli';
import { writeGeneratedCsv } from '../data/generate';

runMain(async () => {
  const args = flags({
    rows: { type: 'string' },
    out: { type: 'string' },
    extras: { type: 'boolean', default: false },
    seed: { type: 'string', default: '1' },
  });
  const rows = Number(args.rows);
  const seed = Number(args.seed);
  if (!Number.isInteger(rows) || rows < 1)
    throw new Error(`--rows must be a positive integer, got ${JSON.stringify(args.rows)}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${JSON.stringify(args.seed)}`);
  if (!args.out) throw new Error('missing --out <file.csv>');
  await writeGeneratedCsv(args.out as string, rows, { seed, extras: args.extras === true });
  process.stdout.write(`${rows} synthetic sessions in ${args.out}\n`);
});
