/**
 * The text of a generated JSON file: indented by 2 for diffs, except that an array of plain numbers
 * stays on one line. metrics.json holds tables of thousands of counts (the joint tables, curves);
 * one number per line made it several times larger for nothing.
 */
export function jsonText(value: unknown): string {
  // JSON.stringify never puts a newline inside a string, so a bracket followed by a newline is an array's.
  return `${JSON.stringify(value, null, 2).replace(
    /\[\n\s*(-?\d[\d.eE+-]*(?:,\n\s*-?\d[\d.eE+-]*)*)\n\s*\]/g,
    (_, body: string) => `[${body.replace(/,\n\s*/g, ', ')}]`,
  )}\n`;
}
