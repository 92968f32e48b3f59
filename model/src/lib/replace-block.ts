/**
 * Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in a document (the README's
 * generated blocks: metrics from `npm run train`/`card`, bench from `npm run bench`); throws when the
 * markers are missing.
 */
export function replaceBlock(doc: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md has no ${start} ... ${end} block`);
  return `${doc.slice(0, i + start.length)}\n${content}\n${doc.slice(j)}`;
}

/**
 * The whole `<!-- name:start --> ... <!-- name:end -->` block of a document, markers included (and
 * the line break after it), or an empty block when the document has none: what a generator that
 * rewrites the rest of the document keeps of another generator's block.
 */
export function keepBlock(doc: string, name: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end, i);
  return i >= 0 && j >= 0 ? `${doc.slice(i, j + end.length)}\n` : `${start}\n${end}\n`;
}
