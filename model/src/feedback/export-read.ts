/**
 * Reads exported sessions from JSON lines (one object per line, as `collectUrl` collectors append
 * them) or from one JSON array, yielding each parsed value with its place for error messages.
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DataError, unreadable } from '../data/csv';
import type { RecordPlace } from './session-export';

/** The first non-blank character of a file (BOM skipped), or '' for an empty file. */
function firstChar(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw unreadable(file, e);
  }
  try {
    const buf = Buffer.alloc(4096);
    for (let pos = 0; ;) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n === 0) return '';
      const m = buf
        .toString('utf8', 0, n)
        .replace(/^\uFEFF/, '')
        .match(/\S/);
      if (m) return m[0];
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Yields every record of `file`. JSON lines are streamed (a month of sessions can exceed the largest
 * string Node holds); a JSON array is read whole, and its records are placed as `file[index]`.
 * Blank lines are skipped; a line that is not JSON throws a {@link DataError} with its line number.
 */
export async function* readExports(file: string): AsyncGenerator<{ value: unknown; at: RecordPlace }> {
  const first = firstChar(file);
  if (first === '')
    throw new DataError(
      file,
      1,
      null,
      'the file is empty; expected one SessionExport JSON object per line, or a JSON array of them',
    );
  if (first !== '[' && first !== '{')
    throw new DataError(
      file,
      1,
      null,
      `not JSON: expected one SessionExport JSON object per line, or a JSON array of them, but the file starts with ${JSON.stringify(first)} (a CSV? --data of train, evaluate and uplift reads CSVs)`,
    );
  if (first === '[') {
    let values: unknown;
    try {
      values = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new DataError(file, 0, null, `not valid JSON (${(e as Error).message})`);
    }
    const list = values as unknown[];
    for (let i = 0; i < list.length; i++) yield { value: list[i], at: { file: `${file}[${i}]`, line: 0 } };
    return;
  }
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    line++;
    const t = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (t.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(t);
    } catch (e) {
      throw new DataError(file, line, null, `not valid JSON (${(e as Error).message})`);
    }
    yield { value, at: { file, line } };
  }
}
