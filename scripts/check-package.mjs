// Fails when the npm package would ship the wrong files. The package is exactly: package.json, the
// README, the model card (model/MODEL.md), LICENSE, CHANGELOG.md, and every file of dist/ as the build
// leaves it (the SDK loads its lazy chunks and models/ from beside its own file, and integrity.json
// pins them), nothing else: no test-results/, no model/src/, no stray build leftovers. Every file
// package.json points at (main, module, types, unpkg, jsdelivr, exports) must be among them. Run after
// `npm run build`; the list is what `npm pack --dry-run --json` reports.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const FIXED = ['package.json', 'README.md', 'model/MODEL.md', 'LICENSE', 'CHANGELOG.md'];

const distFiles = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? distFiles(full) : [full.split(path.sep).join('/')];
  });

if (!existsSync('dist/index.js')) {
  console.error('check-package: dist/ is not built; run npm run build first');
  process.exit(1);
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
/** Every path package.json names, as a packed path (no leading ./). */
const pointed = [pkg.main, pkg.module, pkg.types, pkg.unpkg, pkg.jsdelivr];
const walkExports = (v) => {
  if (typeof v === 'string') pointed.push(v);
  else if (v && typeof v === 'object') Object.values(v).forEach(walkExports);
};
walkExports(pkg.exports);
const named = pointed.filter(Boolean).map((p) => p.replace(/^\.\//, ''));

const packed = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
)[0].files.map((f) => f.path);
const expected = new Set([...FIXED, ...distFiles('dist')]);
const shipped = new Set(packed);

const unexpected = packed.filter((f) => !expected.has(f)).sort();
const missing = [...new Set([...expected, ...named])].filter((f) => !shipped.has(f)).sort();
const absent = named.filter((f) => !expected.has(f));
const problems = [
  ...unexpected.map(
    (f) => `  unexpected: ${f} (not in dist/ nor one of ${FIXED.join(', ')}; check "files" in package.json)`,
  ),
  ...missing.map(
    (f) => `  missing: ${f}${absent.includes(f) ? ' (package.json names it, but the build does not make it)' : ''}`,
  ),
];
if (problems.length) {
  console.error(`check-package: npm pack would ship the wrong files:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`check-package: npm pack ships the ${packed.length} expected files (dist/, ${FIXED.join(', ')})`);
