/**
 * CSV fields, one line at a time (RFC 4180 without line breaks inside quotes): the pipeline's files
 * are machine-written, one record per line, but a page path or a browser name may contain a comma.
 */

/**
 * Splits one CSV line into its fields. A field may be double-quoted, with `""` for a literal quote;
 * quotes are removed and fields are not trimmed. Returns null when a quote is left open, so that the
 * caller can report the line.
 */
export function splitCsvLine(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        value += line.slice(i, q);
        if (line[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      // Text between a closing quote and the next comma is kept, as spreadsheets do.
      const comma = line.indexOf(',', i);
      out.push(value + line.slice(i, comma < 0 ? line.length : comma));
      if (comma < 0) return out;
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      out.push(line.slice(i, comma < 0 ? line.length : comma));
      if (comma < 0) return out;
      i = comma + 1;
    }
  }
}

/**
 * Formats one value as a CSV field, quoting it only when it holds a comma or a quote. Line breaks
 * become spaces: every reader here is line-based, and no value we write needs one.
 */
export function csvField(value: string | number | boolean): string {
  const s = String(value).replace(/[\r\n]+/g, ' ');
  return /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
