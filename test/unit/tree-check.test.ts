import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/cli';
import { RELIABILITY_DOC, RELIABILITY_RUN_REPORT, reliabilityReportFile } from '../helpers/reliability-doc';

const SCRIPT = path.resolve('scripts/tree-check.mjs');
const check = (cwd: string, mode: string) => spawnSync(process.execPath, [SCRIPT, mode], { cwd, encoding: 'utf8' });
const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
};

/** A git checkout with one committed file and one uncommitted edit (a developer's work in progress). */
function checkout(): string {
  const dir = tempDir();
  git(dir, 'init', '-q');
  writeFileSync(path.join(dir, 'doc.md'), 'tracked\n');
  writeFileSync(path.join(dir, 'wip.md'), 'v1\n');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'init');
  writeFileSync(path.join(dir, 'wip.md'), 'v2, not committed\n');
  return dir;
}

test('the tree check passes when a run leaves the tree as it found it, uncommitted work included', () => {
  const dir = checkout();
  assert.equal(check(dir, '--before').status, 0);
  const r = check(dir, '--after');
  assert.equal(r.status, 0, r.stderr);
});

test('the tree check fails naming each file a run changed or created (a rewritten tracked doc among them)', () => {
  const dir = checkout();
  assert.equal(check(dir, '--before').status, 0);
  writeFileSync(path.join(dir, 'doc.md'), 'rewritten by a test\n');
  writeFileSync(path.join(dir, 'wip.md'), 'v3\n');
  writeFileSync(path.join(dir, 'stray.txt'), 'left behind\n');
  const r = check(dir, '--after');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /the run changed 3 files/);
  assert.match(r.stderr, / {2}doc\.md \(clean -> M\)/);
  assert.match(r.stderr, / {2}stray\.txt \(clean -> \?\?\)/);
  assert.match(r.stderr, / {2}wip\.md \(M -> M\)/);
});

test('outside a git checkout the tree check says so and passes', () => {
  const r = check(tempDir(), '--after');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /not a git checkout, skipped/);
});

test('the reliability report goes to test-results/ unless WRITE_DOCS=1 asks for the tracked doc', () => {
  const saved = process.env.WRITE_DOCS;
  try {
    delete process.env.WRITE_DOCS;
    assert.equal(reliabilityReportFile(), RELIABILITY_RUN_REPORT);
    assert.match(RELIABILITY_RUN_REPORT, /^test-results\//);
    process.env.WRITE_DOCS = '1';
    assert.equal(reliabilityReportFile(), RELIABILITY_DOC);
  } finally {
    if (saved === undefined) delete process.env.WRITE_DOCS;
    else process.env.WRITE_DOCS = saved;
  }
});
