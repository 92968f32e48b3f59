/**
 * Reads a shop's raw page-view log: a CSV with a header row naming `session_id`, `timestamp` (ISO 8601
 * or epoch milliseconds), `page_path` and `revenue` (in any order; other columns are ignored). The
 * statistics computed from it are in ./page-stats.ts.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { csvCells, DataError, missingOr, requireNotJson, requireSeveralColumns, unreadable } from '../data/csv';

/** The columns the log must have. */
export const PAGE_VIEW_COLUMNS = ['session_id', 'timestamp', 'page_path', 'revenue'] as const;

/** One row of the log. */
export interface LoggedView {
  session: string;
  /** Epoch milliseconds. */
  time: number;
  path: string;
  revenue: number;
}

// ISO 8601 date, optionally with a time ('T' or a space) and a zone: the forms Date.parse reads reliably.
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const EPOCH_MS = /^\d+(\.\d+)?$/;

/** Reads a timestamp cell: epoch milliseconds or ISO 8601; NaN when it is neither. */
export function parseTimestamp(text: string): number {
  if (EPOCH_MS.test(text)) return Number(text);
  return ISO.test(text) ? Date.parse(text) : NaN;
}

/** Turns the log's lines into page views; the first problem throws a {@link DataError} naming file, line and column. */
export class PageViewParser {
  private at: Record<(typeof PAGE_VIEW_COLUMNS)[number], number> | null = null;
  private width = 0;
  private lineNo = 0;

  constructor(private readonly file: string) {}

  /** Feeds the next line; returns its page view, or null for the header and blank lines. */
  line(text: string): LoggedView | null {
    const lineNo = ++this.lineNo;
    const raw = (lineNo === 1 ? text.replace(/^\uFEFF/, '') : text).replace(/\r$/, '');
    if (raw.trim() === '') return null;
    if (!this.at) {
      requireNotJson(
        raw,
        this.file,
        `page-stats reads a page-view log (a CSV with ${PAGE_VIEW_COLUMNS.join(', ')}), not session exports`,
      );
      const names = csvCells(raw, lineNo, this.file);
      this.at = this.header(names, raw, lineNo);
      this.width = names.length;
      return null;
    }
    const cells = csvCells(raw, lineNo, this.file, this.width);
    const cell = (c: (typeof PAGE_VIEW_COLUMNS)[number]): string =>
      cells[(this.at as Record<string, number>)[c]].trim();
    const session = cell('session_id');
    if (session === '') throw new DataError(this.file, lineNo, 'session_id', missingOr(session, ''));
    const time = parseTimestamp(cell('timestamp'));
    if (!Number.isFinite(time)) {
      throw new DataError(
        this.file,
        lineNo,
        'timestamp',
        missingOr(
          cell('timestamp'),
          `not an ISO 8601 date or epoch milliseconds: ${JSON.stringify(cell('timestamp'))}`,
        ),
      );
    }
    // The path is the output's key: kept exactly, only an empty one is refused.
    const path = cells[this.at.page_path];
    if (path.trim() === '') throw new DataError(this.file, lineNo, 'page_path', missingOr(path, ''));
    const r = cell('revenue');
    const revenue = r === '' ? 0 : Number(r);
    if (!Number.isFinite(revenue) || revenue < 0) {
      throw new DataError(this.file, lineNo, 'revenue', `not a non-negative number: ${JSON.stringify(r)}`);
    }
    return { session, time, path, revenue };
  }

  /** Throws unless a header was seen: an empty file has no columns to report. */
  finish(): void {
    if (!this.at)
      throw new DataError(
        this.file,
        1,
        null,
        `the file is empty; expected a header row with ${PAGE_VIEW_COLUMNS.join(', ')}`,
      );
  }

  private header(cells: string[], raw: string, lineNo: number): Record<(typeof PAGE_VIEW_COLUMNS)[number], number> {
    const names = cells.map((h) => h.trim().toLowerCase());
    requireSeveralColumns(names, raw, this.file, lineNo, PAGE_VIEW_COLUMNS.join(', '));
    const missing = PAGE_VIEW_COLUMNS.find((c) => !names.includes(c));
    if (missing) throw new DataError(this.file, lineNo, missing, 'missing from the header');
    return Object.fromEntries(PAGE_VIEW_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<
      (typeof PAGE_VIEW_COLUMNS)[number],
      number
    >;
  }
}

/** Parses a whole log held in memory (tests, small files). */
export function parsePageViews(text: string, file: string): LoggedView[] {
  const parser = new PageViewParser(file);
  const out: LoggedView[] = [];
  for (const line of text.split('\n')) {
    const v = parser.line(line);
    if (v) out.push(v);
  }
  parser.finish();
  return out;
}

/** Streams a log file line by line: a log can be larger than the biggest string Node holds. */
export async function readPageViews(file: string): Promise<LoggedView[]> {
  const parser = new PageViewParser(file);
  const out: LoggedView[] = [];
  const stream = createReadStream(file, 'utf8');
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (e: NodeJS.ErrnoException) => reject(unreadable(file, e)));
  });
  await opened;
  for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
    const v = parser.line(line);
    if (v) out.push(v);
  }
  parser.finish();
  return out;
}
