/**
 * The SDK's exported sessions (`SessionExport`, one JSON object per session) as rows of a CSV in the
 * UCI schema, so that the training pipeline and the uplift report read a shop's own sessions like
 * the published data. What the browser cannot know, the four anonymised codes, is written as 0.
 */
import { MONTHS, UCI_COLUMNS, VISITOR_TYPES } from '../../../src/features/columns';
import { categoryKey } from '../../../src/features/encode';
import type { SessionRecord } from '../../../src/features/types';
import type { HoldoutArm, SessionExport } from '../../../src/types';
import { DataError, missingOr } from '../data/csv';
import { csvField } from '../data/csv-fields';

/** Columns after the 18 UCI ones: what the SDK knows about the session and what it did. */
export const EXTRA_COLUMNS = [
  'browserFamily',
  'osFamily',
  'trafficSource',
  'arm',
  'offered',
  'maxScore',
  'hasPageStats',
] as const;

/** The CSV's header: the UCI columns in UCI order, then {@link EXTRA_COLUMNS}. */
export const EXPORT_CSV_HEADER = [...UCI_COLUMNS, ...EXTRA_COLUMNS].join(',');

/** What started an offer decision: a page view, or the visitor's exit intent (issue 17). */
export type DecisionTrigger = 'pageview' | 'exit-intent';
const TRIGGERS: readonly DecisionTrigger[] = ['pageview', 'exit-intent'];

/** One recorded offer or holdout decision of a session (`SessionExport.decisions`). */
export interface ExportDecision {
  /** The page view the decision followed (1-based, like `scores[].pageIndex`). */
  pageIndex: number;
  trigger: DecisionTrigger;
  offerId: string;
  arm: HoldoutArm;
}

/**
 * A validated export. `decisions` is optional because SDKs before issue 17 do not write it; the type
 * is spelt out here (rather than read from `SessionExport`) so older and newer exports read alike.
 */
export type ReadExport = Omit<SessionExport, 'decisions'> & { decisions?: ExportDecision[] };

/** Where a record came from, for error messages: `file:line` (JSON lines) or `file[index]` (a JSON array). */
export interface RecordPlace {
  file: string;
  line: number;
}

// Ranges as the UCI parser (../data/csv.ts) checks them, so that every exported row trains.
const FEATURE_RANGES: Partial<Record<keyof SessionRecord, [number, number]>> = {
  Administrative: [0, Infinity],
  Administrative_Duration: [0, Infinity],
  Informational: [0, Infinity],
  Informational_Duration: [0, Infinity],
  ProductRelated: [0, Infinity],
  ProductRelated_Duration: [0, Infinity],
  BounceRates: [0, 1],
  ExitRates: [0, 1],
  PageValues: [0, Infinity],
  SpecialDay: [0, 1],
};
const ARMS: readonly HoldoutArm[] = ['treatment', 'control'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks that a parsed JSON value is a {@link SessionExport} with everything the CSV needs; the
 * first problem throws a {@link DataError} naming the field (`features.Month`, `scores[2].probability`).
 * Fields the CSV does not use (`visibleSeconds`, `endReason`, `day`, `modelVersion`) are not checked;
 * `decisions`, which `npm run uplift --records` reads, is checked when present.
 */
export function validateExport(value: unknown, at: RecordPlace): ReadExport {
  const fail = (field: string | null, detail: string): never => {
    throw new DataError(at.file, at.line, field, detail);
  };
  // A field that is not there says so, rather than "expected a string, got undefined".
  const bad = (field: string, v: unknown, detail: string): never => fail(field, missingOr(v, detail));
  if (!isObject(value)) return fail(null, 'expected a JSON object (one SessionExport per line)');
  if (value.schemaVersion !== 1)
    bad('schemaVersion', value.schemaVersion, `unsupported ${JSON.stringify(value.schemaVersion)}; this tool reads 1`);
  const f = value.features;
  if (!isObject(f)) return bad('features', f, 'not an object');
  for (const [column, [min, max]] of Object.entries(FEATURE_RANGES) as [string, [number, number]][]) {
    const x = f[column];
    if (typeof x !== 'number' || !Number.isFinite(x))
      bad(`features.${column}`, x, `not a number: ${JSON.stringify(x)}`);
    if ((x as number) < min || (x as number) > max)
      fail(`features.${column}`, `${String(x)} is outside [${min}, ${max}]`);
  }
  if (typeof f.Month !== 'string' || !(MONTHS as readonly string[]).includes(categoryKey('Month', f.Month))) {
    bad('features.Month', f.Month, `unknown month ${JSON.stringify(f.Month)}`);
  }
  if (!(VISITOR_TYPES as readonly unknown[]).includes(f.VisitorType)) {
    bad(
      'features.VisitorType',
      f.VisitorType,
      `unknown visitor type ${JSON.stringify(f.VisitorType)}; expected one of ${VISITOR_TYPES.join(', ')}`,
    );
  }
  for (const key of ['Weekend'])
    if (typeof f[key] !== 'boolean')
      bad(`features.${key}`, f[key], `expected true or false, got ${JSON.stringify(f[key])}`);
  for (const key of ['Revenue', 'hasPageStats'])
    if (typeof value[key] !== 'boolean')
      bad(key, value[key], `expected true or false, got ${JSON.stringify(value[key])}`);
  for (const key of ['browserFamily', 'osFamily', 'trafficSource'])
    if (typeof value[key] !== 'string') bad(key, value[key], `expected a string, got ${JSON.stringify(value[key])}`);
  if (!ARMS.includes(value.arm as HoldoutArm))
    bad('arm', value.arm, `expected "treatment" or "control", got ${JSON.stringify(value.arm)}`);
  if (!Array.isArray(value.offers) || !value.offers.every((o) => typeof o === 'string'))
    bad('offers', value.offers, 'expected an array of offer ids');
  if (!Array.isArray(value.scores)) bad('scores', value.scores, 'expected an array');
  (value.scores as unknown[]).forEach((s, i) => {
    if (!isObject(s)) return fail(`scores[${i}]`, 'expected an object');
    const p = s.probability;
    if (typeof p !== 'number' || !(p >= 0 && p <= 1))
      bad(`scores[${i}].probability`, p, `expected a number in [0, 1], got ${JSON.stringify(p)}`);
  });
  if (value.decisions !== undefined) {
    if (!Array.isArray(value.decisions)) fail('decisions', 'expected an array when present');
    (value.decisions as unknown[]).forEach((d, i) => {
      if (!isObject(d)) return fail(`decisions[${i}]`, 'expected an object');
      if (!(Number.isInteger(d.pageIndex) && (d.pageIndex as number) >= 1))
        bad(`decisions[${i}].pageIndex`, d.pageIndex, `expected an integer from 1, got ${JSON.stringify(d.pageIndex)}`);
      if (!TRIGGERS.includes(d.trigger as DecisionTrigger))
        bad(
          `decisions[${i}].trigger`,
          d.trigger,
          `expected "pageview" or "exit-intent", got ${JSON.stringify(d.trigger)}`,
        );
      if (typeof d.offerId !== 'string')
        bad(`decisions[${i}].offerId`, d.offerId, `expected a string, got ${JSON.stringify(d.offerId)}`);
      if (!ARMS.includes(d.arm as HoldoutArm))
        bad(`decisions[${i}].arm`, d.arm, `expected "treatment" or "control", got ${JSON.stringify(d.arm)}`);
    });
  }
  return value as unknown as ReadExport;
}

/** Whether the session got an offer (treatment) or an offer decision withheld (control): the CSV's `offered`. */
export function wasOffered(e: ReadExport): boolean {
  return e.offers.length > 0;
}

/** The highest probability the session was scored with, or null when it was never scored. */
export function maxScore(e: ReadExport): number | null {
  return e.scores.length ? Math.max(...e.scores.map((s) => s.probability)) : null;
}

/** One CSV line (without line break) in the order of {@link EXPORT_CSV_HEADER}. */
export function exportToCsvRow(e: ReadExport): string {
  const f = e.features;
  const bool = (b: boolean): string => (b ? 'TRUE' : 'FALSE');
  const uci: Record<(typeof UCI_COLUMNS)[number], string | number> = {
    Administrative: f.Administrative,
    Administrative_Duration: f.Administrative_Duration,
    Informational: f.Informational,
    Informational_Duration: f.Informational_Duration,
    ProductRelated: f.ProductRelated,
    ProductRelated_Duration: f.ProductRelated_Duration,
    BounceRates: f.BounceRates,
    ExitRates: f.ExitRates,
    PageValues: f.PageValues,
    SpecialDay: f.SpecialDay,
    // Three letters, the key the encoder matches months on (the UCI file spells out June; both parse).
    Month: categoryKey('Month', f.Month),
    // The anonymised codes have no published mapping: a browser cannot produce them, so they are constant.
    OperatingSystems: 0,
    Browser: 0,
    Region: 0,
    TrafficType: 0,
    VisitorType: f.VisitorType,
    Weekend: bool(f.Weekend),
    Revenue: bool(e.Revenue),
  };
  const top = maxScore(e);
  const extra: Record<(typeof EXTRA_COLUMNS)[number], string | number> = {
    browserFamily: e.browserFamily,
    osFamily: e.osFamily,
    trafficSource: e.trafficSource,
    arm: e.arm,
    offered: bool(wasOffered(e)),
    maxScore: top === null ? '' : top,
    hasPageStats: bool(e.hasPageStats),
  };
  return [...UCI_COLUMNS.map((c) => uci[c]), ...EXTRA_COLUMNS.map((c) => extra[c])].map(csvField).join(',');
}
