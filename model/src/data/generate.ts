/**
 * Synthetic sessions in the UCI schema (optionally with the SDK export's extra columns), seeded and
 * deterministic: for tests of the retraining path and for the scaling benchmark. They carry a
 * learnable signal (a latent intent drives page counts, durations, page value and the purchase,
 * and the traffic source and browser shift the purchase odds) but no claim to look like a real shop.
 */
import { UCI_COLUMNS } from '../../../src/features/columns';
import { csvField } from './csv-fields';
import { rng } from './random';
import { EXPORT_CSV_HEADER } from '../feedback/session-export';
import { writeLinesAtomically } from '../lib/atomic-write';

/** What to generate. */
export interface GenerateOptions {
  seed: number;
  /** Add browserFamily, osFamily, trafficSource, arm, offered, maxScore, hasPageStats (the export's columns). */
  extras: boolean;
}

const MONTHS = ['Feb', 'Mar', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const VISITORS = ['Returning_Visitor', 'Returning_Visitor', 'Returning_Visitor', 'New_Visitor', 'Other'];
const BROWSERS = ['Chrome', 'Safari', 'Firefox', 'Edge', 'Samsung Internet'];
const OSES = ['Windows', 'macOS', 'Android', 'iOS', 'Linux'];
const SOURCES = ['direct', 'search', 'social', 'email', 'paid', 'referral'];
// Purchase log-odds shifts: what a retrain with the extra columns can find and the UCI columns cannot.
const SOURCE_LIFT: Record<string, number> = {
  direct: 0.2,
  search: 0,
  social: -0.6,
  email: 0.9,
  paid: -0.2,
  referral: 0.1,
};
const BROWSER_LIFT: Record<string, number> = {
  Chrome: 0,
  Safari: 0.4,
  Firefox: -0.2,
  Edge: 0,
  'Samsung Internet': -0.5,
};

/** The CSV header line for {@link generateLines}. */
export function generatedHeader(opts: Pick<GenerateOptions, 'extras'>): string {
  return opts.extras ? EXPORT_CSV_HEADER : UCI_COLUMNS.join(',');
}

/** Yields `n` CSV data lines (no header, no line break), the same lines for the same seed. */
export function* generateLines(n: number, opts: GenerateOptions): Generator<string> {
  const random = rng(opts.seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  for (let i = 0; i < n; i++) {
    const intent = gauss();
    const count = (base: number, slope: number): number =>
      Math.max(0, Math.round(Math.exp(base + slope * intent + 0.5 * gauss())) - 1);
    const seconds = (pages: number, perPage: number): number =>
      pages === 0 ? 0 : r3(pages * perPage * Math.exp(0.6 * gauss()));
    const admin = count(0.6, 0.3);
    const info = count(0.2, 0.2);
    const product = count(2.6, 0.5);
    const source = pick(SOURCES);
    const browser = pick(BROWSERS);
    const pageValue = intent + 0.5 * gauss() > 0.9 ? r3(15 * Math.exp(0.7 * gauss())) : 0;
    const z =
      -2.4 + 1.3 * intent + (pageValue > 0 ? 1.2 : 0) + (opts.extras ? SOURCE_LIFT[source] + BROWSER_LIFT[browser] : 0);
    const bought = random() < 1 / (1 + Math.exp(-z));
    const month = pick(MONTHS);
    const uci: Record<(typeof UCI_COLUMNS)[number], string | number> = {
      Administrative: admin,
      Administrative_Duration: seconds(admin, 30),
      Informational: info,
      Informational_Duration: seconds(info, 40),
      ProductRelated: product,
      ProductRelated_Duration: seconds(product, 35),
      BounceRates: r3(Math.min(0.2, Math.max(0, 0.02 - 0.01 * intent + 0.01 * gauss()))),
      ExitRates: r3(Math.min(0.2, Math.max(0.001, 0.04 - 0.01 * intent + 0.01 * gauss()))),
      PageValues: pageValue,
      SpecialDay: random() < 0.1 ? pick([0.2, 0.4, 0.6, 0.8, 1]) : 0,
      Month: month,
      OperatingSystems: opts.extras ? 0 : 1 + Math.floor(random() * 4),
      Browser: opts.extras ? 0 : 1 + Math.floor(random() * 6),
      Region: opts.extras ? 0 : 1 + Math.floor(random() * 9),
      TrafficType: opts.extras ? 0 : 1 + Math.floor(random() * 10),
      VisitorType: pick(VISITORS),
      Weekend: random() < 0.25 ? 'TRUE' : 'FALSE',
      Revenue: bought ? 'TRUE' : 'FALSE',
    };
    const cells: (string | number)[] = UCI_COLUMNS.map((c) => uci[c]);
    if (opts.extras) {
      const arm = random() < 0.1 ? 'control' : 'treatment';
      const score = r3(Math.min(1, Math.max(0, 1 / (1 + Math.exp(-z)) + 0.05 * gauss())));
      const hasStats = random() < 0.9;
      cells.push(browser, pick(OSES), source, arm, score < 0.2 ? 'TRUE' : 'FALSE', score, hasStats ? 'TRUE' : 'FALSE');
      // Sessions exported without page statistics have 0 in the three columns, as the SDK writes them.
      if (!hasStats)
        for (const c of ['BounceRates', 'ExitRates', 'PageValues'] as const) cells[UCI_COLUMNS.indexOf(c)] = 0;
    }
    yield cells.map(csvField).join(',');
  }
}

/** Writes a header and `n` generated sessions to `file`, streaming (1M rows are ~120 MB) and atomically. */
export async function writeGeneratedCsv(file: string, n: number, opts: GenerateOptions): Promise<void> {
  await writeLinesAtomically(
    file,
    (function* () {
      yield generatedHeader(opts);
      yield* generateLines(n, opts);
    })(),
  );
}
