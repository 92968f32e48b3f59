import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs one of the pipeline's CLIs (model/src/cli/<name>-cli.ts) the way npm does, capturing its output;
 * `wrap` goes in front of the node command (e.g. GNU time to measure its memory).
 */
export function runCli(
  name: 'train' | 'evaluate' | 'page-stats' | 'export-csv' | 'uplift' | 'card',
  args: string[],
  wrap: string[] = [],
): { status: number | null; stdout: string; stderr: string } {
  const [command, ...argv] = [...wrap, process.execPath, '--import', 'tsx', `model/src/cli/${name}-cli.ts`, ...args];
  const r = spawnSync(command, argv, { encoding: 'utf8', timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Folders made by `tempDir`, removed when the process exits (a node:test file's own process, or a Playwright worker). */
const made: string[] = [];
process.on('exit', () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the test process exits. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'intent-'));
  made.push(dir);
  return dir;
}

/** Writes text to a fresh temporary file (in its own `tempDir`) and returns its path. */
export function tempFile(name: string, text: string): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}
