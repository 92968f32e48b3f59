/**
 * `npm run page-stats -- --events <page-views.csv> --out <page-stats.json>`: computes every page's
 * bounce rate, exit rate and page value from a raw page-view log (definitions in ../feedback/page-stats.ts) and
 * writes the JSON the SDK's `pageStats` option reads: `{ "<path>": { bounceRate, exitRate, pageValue } }`.
 */
import { flags, runMain } from './cli';
import { DataError } from '../data/csv';
import { writeFileAtomically } from '../lib/atomic-write';
import { computePageStats } from '../feedback/page-stats';
import { readPageViews } from '../feedback/page-views';

runMain(async () => {
  const args = flags({ events: { type: 'string' }, out: { type: 'string' } });
  if (!args.events) throw new Error('missing --events <page-views.csv>');
  if (!args.out) throw new Error('missing --out <page-stats.json>');
  const views = await readPageViews(args.events as string);
  if (views.length === 0) throw new DataError(args.events as string, 2, null, 'no page views after the header');
  const r = computePageStats(views);
  writeFileAtomically(args.out as string, `${JSON.stringify(r.stats, null, 2)}\n`);
  process.stdout.write(
    `${r.views} page views in ${r.sessions} sessions, ${r.transactions} transaction${r.transactions === 1 ? '' : 's'} (revenue ${r.revenue}): statistics of ${r.pages} pages in ${args.out}\n`,
  );
});
