import { readFileSync } from 'node:fs';

/**
 * The README's async snippet, verbatim, with this repository's path for the SDK's script (the
 * snippet names no config or statistics file: it runs as copied on a site that has neither).
 */
export function readmeSnippet(): string {
  const readme = readFileSync('README.md', 'utf8');
  const block = readme.split('<!-- snippet:start -->')[1].split('<!-- snippet:end -->')[0];
  return block
    .replace(/^\s*```html\n/, '')
    .replace(/```\s*$/, '')
    .replace("'/intent/intent-tracker.min.js'", "'/dist/intent-tracker.min.js'");
}
