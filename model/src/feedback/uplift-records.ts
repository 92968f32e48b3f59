/**
 * Reads the sessions the uplift report needs straight from the SDK's exports (JSON lines or a JSON
 * array), with their `decisions`: the trigger and page view of each offer or holdout decision, which
 * the one-row-per-session CSV of `npm run export-csv` does not carry.
 */
import { DataError } from '../data/csv';
import { readExports } from './export-read';
import { maxScore, validateExport, wasOffered, type ReadExport } from './session-export';
import type { UpliftSession } from './uplift';

/** One validated export as the report reads it; `decisions` null when the SDK did not write them. */
export function upliftSessionOf(e: ReadExport): UpliftSession {
  return {
    arm: e.arm,
    offered: wasOffered(e),
    purchased: e.Revenue,
    maxScore: maxScore(e),
    decisions: e.decisions ? e.decisions.map(({ pageIndex, trigger, arm }) => ({ pageIndex, trigger, arm })) : null,
  };
}

/** Every exported session of `file`; the first malformed record throws a {@link DataError} naming it. */
export async function readUpliftRecords(file: string): Promise<UpliftSession[]> {
  const out: UpliftSession[] = [];
  for await (const { value, at } of readExports(file)) out.push(upliftSessionOf(validateExport(value, at)));
  if (!out.length) throw new DataError(file, 0, null, 'no sessions in the file');
  return out;
}
