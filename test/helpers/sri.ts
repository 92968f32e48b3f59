import { readFileSync } from 'node:fs';

/** The README's placeholder for a value of dist/integrity.json: `<dist/integrity.json: FILE>`. */
const PLACEHOLDER = /<dist\/integrity\.json: ([^>]+)>/g;

/**
 * The README's Subresource Integrity script tag, verbatim, with each `<dist/integrity.json: FILE>`
 * replaced by that file's value in `integrity` and the documented /intent/ folder mapped to this
 * repository's /dist/: the tag a shop gets by following the README.
 */
export function readmeSriTag(integrity: Record<string, string>, readme = readFileSync('README.md', 'utf8')): string {
  const section = readme.split('**Subresource Integrity.**')[1];
  if (!section) throw new Error('README.md has no **Subresource Integrity.** paragraph');
  const tag = /```html\n(<script [^\n]*<\/script>)\n```/.exec(section)?.[1];
  if (!tag) throw new Error('the Subresource Integrity paragraph of README.md has no ```html script tag');
  return tag
    .replace(PLACEHOLDER, (_m, file: string) => {
      const value = integrity[file];
      if (value === undefined) throw new Error(`dist/integrity.json has no ${file} (named by README.md)`);
      return value;
    })
    .replace('src="/intent/', 'src="/dist/');
}
