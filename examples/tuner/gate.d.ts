// Types of gate.js for the TypeScript tests.
import type { ThresholdRow } from '../../model/src/evaluation/curves';

export interface Joint {
  probabilityBins: number;
  leaveRiskBins: number;
  sessions: number[][];
  purchases: number[][];
}
export function firstKeptBin(minLeaveRisk: number, bins: number): number;
export function gatedCurve(joint: Joint, minLeaveRisk: number): (t: number) => ThresholdRow;
