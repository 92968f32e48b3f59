// `npm test` must leave the git work tree as it found it (issue 19: it once rewrote the tracked
// docs/reliability.md). `--before` records the state of every changed or untracked file, `--after`
// compares and fails naming each file the run created, changed or deleted. Comparing with the state
// before, not with a clean tree, lets a developer run the tests on uncommitted work. Outside a git
// checkout (an unpacked tarball) there is nothing to compare: both steps say so and pass.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const mode = process.argv[2];
if (mode !== '--before' && mode !== '--after') {
  console.error('usage: node scripts/tree-check.mjs --before | --after');
  process.exit(2);
}

const git = (...args) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
let root;
try {
  root = git('rev-parse', '--show-toplevel').trim();
} catch {
  console.log('tree check: not a git checkout, skipped');
  process.exit(0);
}

/** Each path `git status` lists (untracked files one by one) -> its status and a hash of what is on disk. */
function state() {
  const out = {};
  const entries = git('-C', root, 'status', '--porcelain=v1', '-z', '--untracked-files=all').split('\0');
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (!e) continue;
    const code = e.slice(0, 2);
    const file = e.slice(3);
    if (code[0] === 'R' || code[0] === 'C') i++; // a rename is followed by its source path
    const full = path.join(root, file);
    const st = lstatSync(full, { throwIfNoEntry: false });
    let content = 'absent';
    if (st) {
      content = st.isSymbolicLink()
        ? `link ${readlinkSync(full)}`
        : st.isFile()
          ? createHash('sha256').update(readFileSync(full)).digest('hex')
          : 'folder';
    }
    out[file] = `${code} ${content}`;
  }
  return out;
}

// One snapshot per checkout, outside it (test-results/ is emptied by Playwright at the start of its run).
const snapshot = path.join(tmpdir(), `tree-check-${createHash('sha256').update(root).digest('hex').slice(0, 16)}.json`);

if (mode === '--before') {
  writeFileSync(snapshot, JSON.stringify(state()));
  process.exit(0);
}

// Without a snapshot (the check run alone) the tree must be clean.
const before = existsSync(snapshot) ? JSON.parse(readFileSync(snapshot, 'utf8')) : {};
const after = state();
rmSync(snapshot, { force: true });
const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  .filter((f) => before[f] !== after[f])
  .sort();
if (changed.length) {
  console.error(
    `tree check: the run changed ${changed.length} file${changed.length === 1 ? '' : 's'} in the git work tree ` +
      `(tests must write under test-results/ or a temporary folder):\n${changed
        .map(
          (f) => `  ${f} (${before[f]?.slice(0, 2).trim() || 'clean'} -> ${after[f]?.slice(0, 2).trim() || 'clean'})`,
        )
        .join('\n')}`,
  );
  process.exit(1);
}
console.log(
  `tree check: the work tree is as before the run (${Object.keys(after).length} changed or untracked files, untouched)`,
);
