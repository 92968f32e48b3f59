import { readFileSync } from 'node:fs';

/** The README's async snippet, verbatim, with this repository's paths for the files it names. */
export function readmeSnippet(): string {
  const readme = readFileSync('README.md', 'utf8');
  const block = readme.split('<!-- snippet:start -->')[1].split('<!-- snippet:end -->')[0];
  return block
    .replace(/^\s*```html\n/, '')
    .replace(/```\s*$/, '')
    .replace("'/intent/intent-tracker.min.js'", "'/dist/intent-tracker.min.js'")
    .replace("'/intent-config.json'", "'/examples/shop/intent-config.json'")
    .replace("'/page-stats.json'", "'/examples/shop/page-stats.json'");
}
