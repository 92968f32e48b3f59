import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The tracked reliability document, rewritten only by `npm run docs:reliability`. */
export const RELIABILITY_DOC = 'docs/reliability.md';

/** The same report from any other run (`npm test` among them), beside Playwright's output and ignored by git. */
export const RELIABILITY_RUN_REPORT = 'test-results/reliability.md';

/**
 * Where this run's reliability report goes: the tracked doc when `WRITE_DOCS=1` (set by `npm run
 * docs:reliability`), else test-results/, so that a test run never dirties the tree. The fault
 * suite's reporter and the engine suite both write through here, each its own section.
 */
export function reliabilityReportFile(): string {
  return process.env.WRITE_DOCS === '1' ? RELIABILITY_DOC : RELIABILITY_RUN_REPORT;
}

/**
 * The report as this run has it so far: the file at {@link reliabilityReportFile}, or else the tracked
 * doc, so that the run's copy is always a whole document (the other suite's section included).
 */
export function readReliabilityReport(): string {
  const file = reliabilityReportFile();
  if (existsSync(file)) return readFileSync(file, 'utf8');
  return existsSync(RELIABILITY_DOC) ? readFileSync(RELIABILITY_DOC, 'utf8') : '';
}

/** Writes this run's report to {@link reliabilityReportFile}; returns the file written. */
export function writeReliabilityReport(text: string): string {
  const file = reliabilityReportFile();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}
