// Writes dist/integrity.json: the Subresource Integrity (sha384) of every file in dist/, keyed by its
// path relative to dist/, so a shop can pin the exact files it serves: each value is a whole `integrity` attribute
// (`sha384-<base64>`), pasted as it is (README, Subresource Integrity).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dist = 'dist';
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (full !== path.join(dist, 'integrity.json')) files.push(full);
  }
};
walk(dist);
const sri = Object.fromEntries(
  files.map((f) => [
    path.relative(dist, f).split(path.sep).join('/'),
    `sha384-${createHash('sha384').update(readFileSync(f)).digest('base64')}`,
  ]),
);
writeFileSync(path.join(dist, 'integrity.json'), `${JSON.stringify(sri, null, 2)}\n`);
console.log(`dist/integrity.json: ${files.length} files`);
