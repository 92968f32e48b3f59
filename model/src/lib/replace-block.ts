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
