import type { SessionRecord } from '../../src/features/types';
import type { SessionExport } from '../../src/types';

/** A plausible session record; override any column. */
export function record(overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    Administrative: 2,
    Administrative_Duration: 40,
    Informational: 0,
    Informational_Duration: 0,
    ProductRelated: 10,
    ProductRelated_Duration: 300,
    BounceRates: 0.01,
    ExitRates: 0.03,
    PageValues: 0,
    SpecialDay: 0,
    Month: 'Nov',
    VisitorType: 'Returning_Visitor',
    Weekend: false,
    ...overrides,
  };
}

/** The UCI header line. */
export const HEADER =
  'Administrative,Administrative_Duration,Informational,Informational_Duration,ProductRelated,ProductRelated_Duration,BounceRates,ExitRates,PageValues,SpecialDay,Month,OperatingSystems,Browser,Region,TrafficType,VisitorType,Weekend,Revenue';

/** One valid CSV data line; `revenue` sets the label. */
export function csvLine(revenue: boolean, overrides: Record<string, string> = {}): string {
  const values: Record<string, string> = {
    Administrative: '1',
    Administrative_Duration: '10',
    Informational: '0',
    Informational_Duration: '0',
    ProductRelated: '5',
    ProductRelated_Duration: '120',
    BounceRates: '0.02',
    ExitRates: '0.04',
    PageValues: revenue ? '30' : '0',
    SpecialDay: '0',
    Month: 'Nov',
    OperatingSystems: '2',
    Browser: '2',
    Region: '1',
    TrafficType: '2',
    VisitorType: 'Returning_Visitor',
    Weekend: 'FALSE',
    Revenue: revenue ? 'TRUE' : 'FALSE',
    ...overrides,
  };
  return HEADER.split(',')
    .map((c) => values[c])
    .join(',');
}

/** A deterministic stand-in for Math.random: different values on every call. */
export function sequence(seed = 1): () => number {
  let x = seed;
  return () => (x = (x * 16807) % 2147483647) / 2147483647;
}

/** A plausible exported session; override any top-level field. */
export function exported(overrides: Partial<SessionExport> = {}): SessionExport {
  return {
    schemaVersion: 1,
    features: record({ Month: 'June', ProductRelated_Duration: 312.5, PageValues: 12.25 }),
    Revenue: true,
    hasPageStats: true,
    browserFamily: 'Chrome',
    osFamily: 'Android',
    trafficSource: 'search',
    arm: 'treatment',
    scores: [
      { pageIndex: 3, probability: 0.12, variant: 'full', modelVersion: 'full-930c8fd0c42d', features: record() },
      { pageIndex: 4, probability: 0.31, variant: 'full', modelVersion: 'full-930c8fd0c42d', features: record() },
    ],
    offers: ['free-shipping'],
    decisions: [{ pageIndex: 3, trigger: 'pageview', offerId: 'free-shipping', arm: 'treatment' }],
    modelVersion: 'full-930c8fd0c42d',
    visibleSeconds: { administrative: 10, informational: 0, product: 250, other: 5 },
    endReason: 'timeout',
    day: '2024-06-03',
    ...overrides,
  };
}
