import { generateLines, generatedHeader } from '../../model/src/data/generate';

/**
 * A shop's own export as `npm run export-csv` writes it: synthetic, deterministic sessions in the
 * UCI schema plus browserFamily, osFamily, trafficSource, arm, offered, maxScore, hasPageStats, with
 * a signal a small net learns (about a fifth buy; a tenth lack page statistics).
 */
export function shopCsv(rows = 1500, seed = 11): string {
  return [generatedHeader({ extras: true }), ...generateLines(rows, { seed, extras: true })].join('\n') + '\n';
}
