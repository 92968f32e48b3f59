// Gives every relative import in the emitted declarations (dist/types) its file extension:
// `from './types'` becomes `from './types.js'`, a folder `./x` becomes `./x/index.js`. Under the
// Node16/NodeNext resolution a TypeScript user of an ESM package gets, an import without one does not
// resolve, and the types of everything behind it are lost (attw: "internal resolution error"). The
// sources keep the bundler's extensionless style; only the shipped files change. A relative import
// that names no emitted declaration fails the build, naming the file and the import.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = process.argv[2] ?? 'dist/types';
const IMPORT = /(\bfrom\s*|\bimport\s*\(\s*)(['"])(\.{1,2}\/[^'"]*)\2/g;

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (full.endsWith('.d.ts')) files.push(full);
  }
};
walk(root);

let changed = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const out = text.replace(IMPORT, (whole, lead, quote, spec) => {
    if (/\.(m?js|json)$/.test(spec)) return whole;
    const base = path.resolve(path.dirname(file), spec);
    const target = existsSync(`${base}.d.ts`)
      ? `${spec}.js`
      : existsSync(path.join(base, 'index.d.ts'))
        ? `${spec}/index.js`
        : null;
    if (!target) throw new Error(`${file}: import ${JSON.stringify(spec)} names no declaration file in ${root}`);
    return `${lead}${quote}${target}${quote}`;
  });
  if (out !== text) {
    writeFileSync(file, out);
    changed++;
  }
}
console.log(`${root}: relative imports with extensions in ${changed} of ${files.length} declaration files`);
