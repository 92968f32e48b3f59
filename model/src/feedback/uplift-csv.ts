/**
 * Reads the sessions the uplift report needs from a CSV written by `npm run export-csv`. The CSV has
 * one row per session and no decisions, so its triggers are reported as unknown (see uplift-records.ts).
 */
import { csvCells, csvLines, DataError, missingOr, requireNotJson } from '../data/csv';
import { splitCsvLine } from '../data/csv-fields';
import type { UpliftSession } from './uplift';

const UPLIFT_COLUMNS = ['Revenue', 'arm', 'offered', 'maxScore'] as const;

/**
 * Reads the columns the report needs from a CSV written by `npm run export-csv` (other columns are
 * ignored); the first problem throws a {@link DataError} naming file, line and column.
 */
export function parseUpliftCsv(text: string, file: string): UpliftSession[] {
  const lines = csvLines(text, file, 'the header of npm run export-csv');
  requireNotJson(lines[0], file, `give the exports as --records ${file}, or convert them with npm run export-csv`);
  const header = (splitCsvLine(lines[0]) ?? []).map((h) => h.trim());
  const missing = UPLIFT_COLUMNS.find((c) => !header.includes(c));
  if (missing)
    throw new DataError(file, 1, missing, 'missing from the header (write the file with npm run export-csv)');
  const at = Object.fromEntries(UPLIFT_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof UPLIFT_COLUMNS)[number],
    number
  >;
  const out: UpliftSession[] = [];
  for (let n = 1; n < lines.length; n++) {
    const line = n + 1;
    const cells = csvCells(lines[n], line, file, header.length);
    const cell = (c: (typeof UPLIFT_COLUMNS)[number]): string => cells[at[c]].trim();
    const bool = (c: 'Revenue' | 'offered'): boolean => {
      const t = cell(c).toUpperCase();
      if (t !== 'TRUE' && t !== 'FALSE')
        throw new DataError(
          file,
          line,
          c,
          `${missingOr(cell(c), `unknown label ${JSON.stringify(cell(c))}`)}; expected TRUE or FALSE`,
        );
      return t === 'TRUE';
    };
    const a = cell('arm');
    if (a !== 'treatment' && a !== 'control')
      throw new DataError(file, line, 'arm', missingOr(a, `expected treatment or control, got ${JSON.stringify(a)}`));
    const m = cell('maxScore');
    const score = m === '' ? null : Number(m);
    if (score !== null && !(score >= 0 && score <= 1))
      throw new DataError(file, line, 'maxScore', `expected empty or a number in [0, 1], got ${JSON.stringify(m)}`);
    out.push({ arm: a, offered: bool('offered'), purchased: bool('Revenue'), maxScore: score, decisions: null });
  }
  return out;
}
