import { readFileSync } from 'node:fs';
import { MONTHS, UCI_COLUMNS, VISITOR_TYPES } from '../../../src/features/columns';
import { categoryKey } from '../../../src/features/encode';
import type { SessionRecord } from '../../../src/features/types';
import { splitCsvLine } from './csv-fields';

/** A problem with an input file, located so that one line can say where: `file:line: column X: ...`. */
export class DataError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: string | null,
    detail: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${column ? `column ${column}: ` : ''}${detail}`);
    this.name = 'DataError';
  }
}

/** The one-line error for a file that cannot be opened or read. */
export function unreadable(file: string, e: unknown): DataError {
  const err = e as NodeJS.ErrnoException;
  return new DataError(file, 0, null, `cannot read the file (${err.code ?? err.message ?? String(e)})`);
}

/** Reads a whole text file; a missing or unreadable file is a {@link DataError} without a line. */
export function readTextFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw unreadable(file, e);
  }
}

/**
 * The detail of a DataError about `value`, unless the value is absent: then "missing" (a JSON field
 * that is not there) or "missing (empty field)" (a CSV cell with nothing in it), so that an absent
 * field never reads as a wrong one (`not a number: undefined`). Every reader words it through here.
 */
export function missingOr(value: unknown, detail: string): string {
  if (value === undefined) return 'missing';
  return typeof value === 'string' && value.trim() === '' ? 'missing (empty field)' : detail;
}

/**
 * Throws when the first line of a file meant to be a CSV is JSON (it starts with `{` or `[`): most
 * likely the SDK's session exports, which a CSV reader would report as a header without its columns.
 * `instead` says what to do with them, e.g. run `npm run export-csv` first.
 */
export function requireNotJson(firstLine: string, file: string, instead: string): void {
  if (/^\s*[{[]/.test(firstLine.replace(/^\uFEFF/, '')))
    throw new DataError(file, 1, null, `this is JSON (the SDK's session exports?), not a CSV; ${instead}`);
}

/**
 * The lines of a CSV held in memory: split on LF or CRLF, trailing blank lines dropped, a BOM
 * removed from the header. An empty file throws, saying which header was `expected`.
 */
export function csvLines(text: string, file: string, expected: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new DataError(file, 1, null, `the file is empty; expected ${expected}`);
  lines[0] = lines[0].replace(/^\uFEFF/, '');
  return lines;
}

/**
 * Throws unless a header split into more than one column: a file separated by ';', a tab or '|'
 * reads as one column, and the error then names that delimiter. `expected` completes
 * "the header has a single column; expected ...".
 */
export function requireSeveralColumns(
  names: readonly string[],
  raw: string,
  file: string,
  line: number,
  expected: string,
): void {
  if (names.length !== 1) return;
  const used = [';', '\t', '|'].find((d) => raw.includes(d));
  throw new DataError(
    file,
    line,
    null,
    used
      ? `wrong delimiter: expected ',' but the header is separated by ${JSON.stringify(used)}`
      : `the header has a single column; expected ${expected}`,
  );
}

/** The fields of CSV line `line` (1-based): its quotes must close and, when `width` is given, it must have that many fields. */
export function csvCells(text: string, line: number, file: string, width?: number): string[] {
  const cells = splitCsvLine(text);
  if (!cells) throw new DataError(file, line, null, 'a quoted field is not closed');
  if (width !== undefined && cells.length !== width)
    throw new DataError(file, line, null, `expected ${width} fields, found ${cells.length}`);
  return cells;
}

/** Columns of a shop's own export that a retrain uses as extra categorical features when the header has them. */
export const EXTRA_FEATURE_COLUMNS = ['browserFamily', 'trafficSource'] as const;

/** One of {@link EXTRA_FEATURE_COLUMNS}. */
export type ExtraFeatureColumn = (typeof EXTRA_FEATURE_COLUMNS)[number];

/** Sessions and their labels (1 = the session ended in a purchase). */
export interface Dataset {
  rows: SessionRecord[];
  labels: number[];
  /** The {@link EXTRA_FEATURE_COLUMNS} the file has; their values are carried into `rows` as strings. */
  extraColumns?: ExtraFeatureColumn[];
  /**
   * Per row, whether the page-statistic columns are meaningful (the export's `hasPageStats`); absent
   * when the file has no such column, as the UCI file, whose every row has them.
   */
  hasPageStats?: boolean[];
}

type Column = (typeof UCI_COLUMNS)[number];
const COUNTS: Column[] = ['Administrative', 'Informational', 'ProductRelated'];
const DURATIONS: Column[] = ['Administrative_Duration', 'Informational_Duration', 'ProductRelated_Duration'];
const RATES: Column[] = ['BounceRates', 'ExitRates', 'SpecialDay'];
const CODES: Column[] = ['OperatingSystems', 'Browser', 'Region', 'TrafficType'];
const MONTH_KEYS = new Set<string>(MONTHS);
const VISITORS = new Set<string>(VISITOR_TYPES);

function parseBool(text: string): boolean | null {
  const t = text.toUpperCase();
  return t === 'TRUE' ? true : t === 'FALSE' ? false : null;
}

/**
 * Parses a CSV in the UCI schema (header row, comma-separated, all 18 columns; double-quoted fields
 * allowed). Of other columns only a shop export's `browserFamily` and `trafficSource` (carried into
 * the rows as text) and `hasPageStats` (TRUE/FALSE) are read; the rest are ignored. Every value is
 * checked; the first problem throws a {@link DataError}.
 */
export function parseUciCsv(text: string, file: string): Dataset {
  const lines = csvLines(text, file, 'a header row with the 18 UCI columns');
  requireNotJson(
    lines[0],
    file,
    `convert the exports first with npm run export-csv -- --records ${file} --out <sessions.csv>, then give that CSV`,
  );
  const header = (splitCsvLine(lines[0]) ?? [lines[0]]).map((h) => h.trim());
  requireSeveralColumns(header, lines[0], file, 1, 'a comma-separated header with the 18 UCI columns');
  const at = new Map<string, number>();
  header.forEach((h, i) => at.set(h, i));
  const missing = UCI_COLUMNS.find((c) => !at.has(c));
  if (missing) throw new DataError(file, 1, missing, 'missing from the header');
  if (lines.length === 1) throw new DataError(file, 2, null, 'no data rows after the header');
  const extraColumns = EXTRA_FEATURE_COLUMNS.filter((c) => at.has(c));
  const hasPageStats: boolean[] | undefined = at.has('hasPageStats') ? [] : undefined;

  const rows: SessionRecord[] = [];
  const labels: number[] = [];
  for (let n = 1; n < lines.length; n++) {
    const lineNo = n + 1;
    const cells = csvCells(lines[n], lineNo, file, header.length);
    // Quotes around a padded value (` "Nov"`) are not CSV quoting, but were always accepted.
    const cell = (c: string): string => cells[at.get(c) as number].trim().replace(/^"|"$/g, '');
    const num = (c: Column, min: number, max: number): number => {
      const t = cell(c);
      const x = t === '' ? NaN : Number(t);
      if (!Number.isFinite(x)) throw new DataError(file, lineNo, c, missingOr(t, `not a number: ${JSON.stringify(t)}`));
      if (x < min || x > max) throw new DataError(file, lineNo, c, `${x} is outside [${min}, ${max}]`);
      return x;
    };
    const bool = (c: string): boolean => {
      const b = parseBool(cell(c));
      if (b === null)
        throw new DataError(
          file,
          lineNo,
          c,
          `${missingOr(cell(c), `unknown label ${JSON.stringify(cell(c))}`)}; expected TRUE or FALSE`,
        );
      return b;
    };
    const r: Record<string, unknown> = {};
    for (const c of COUNTS) r[c] = num(c, 0, Infinity);
    for (const c of DURATIONS) r[c] = num(c, 0, Infinity);
    for (const c of RATES) r[c] = num(c, 0, 1);
    r.PageValues = num('PageValues', 0, Infinity);
    for (const c of CODES) r[c] = num(c, -Infinity, Infinity);
    const month = categoryKey('Month', cell('Month'));
    if (!MONTH_KEYS.has(month))
      throw new DataError(
        file,
        lineNo,
        'Month',
        missingOr(cell('Month'), `unknown month ${JSON.stringify(cell('Month'))}`),
      );
    r.Month = month;
    if (!VISITORS.has(cell('VisitorType'))) {
      throw new DataError(
        file,
        lineNo,
        'VisitorType',
        `${missingOr(cell('VisitorType'), `unknown visitor type ${JSON.stringify(cell('VisitorType'))}`)}; expected one of ${VISITOR_TYPES.join(', ')}`,
      );
    }
    r.VisitorType = cell('VisitorType');
    r.Weekend = bool('Weekend');
    // Any text is a category; the encoder matches it trimmed, as it will in the browser.
    for (const c of extraColumns) r[c] = cell(c);
    hasPageStats?.push(bool('hasPageStats'));
    labels.push(bool('Revenue') ? 1 : 0);
    rows.push(r as unknown as SessionRecord);
  }
  return extraColumns.length || hasPageStats ? { rows, labels, extraColumns, hasPageStats } : { rows, labels };
}

/** Throws unless both outcomes occur: ROC AUC, calibration and training all need buyers and non-buyers. */
export function requireBothClasses(data: Dataset, file: string): void {
  const buyers = data.labels.reduce((s, y) => s + y, 0);
  if (buyers === 0 || buyers === data.labels.length) {
    throw new DataError(
      file,
      0,
      'Revenue',
      `every row is ${buyers ? 'TRUE' : 'FALSE'}; both purchases and non-purchases are needed`,
    );
  }
}

/** Reads and parses a UCI CSV file; a missing or unreadable file is a {@link DataError} without a line. */
export function readUciCsv(file: string): Dataset {
  return parseUciCsv(readTextFile(file), file);
}
