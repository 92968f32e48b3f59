import type { MarketerConfig, Offer, SpecialDay } from '../types';

/** The keys a marketer may set, in the options or the config file. */
export const MARKETER_KEYS = [
  'threshold',
  'offers',
  'minPageViews',
  'minSessionSeconds',
  'maxOffersPerSession',
  'cooldownDays',
  'holdout',
  'specialDays',
  'trigger',
  'minLeaveRisk',
  'exitIntent',
];

/** A validation problem, naming the field. */
export interface ConfigIssue {
  field: string;
  message: string;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown, min: number, max: number): x is number => typeof x === 'number' && x >= min && x <= max;

/** Numeric keys with their ranges (integers where the name is a count). */
const RANGES: Record<string, [number, number, boolean]> = {
  threshold: [0, 1, false],
  minPageViews: [0, 1000, true],
  minSessionSeconds: [0, 86400, false],
  maxOffersPerSession: [0, 100, true],
  cooldownDays: [0, 3650, false],
  holdout: [0, 1, false],
  minLeaveRisk: [0, 1, false],
};

/** The keys of `exitIntent` with their ranges (px, seconds, px per ms). */
const EXIT_RANGES: Record<string, [number, number]> = {
  sensitivity: [0, 1000],
  minSecondsOnPage: [0, 3600],
  scrollUpSpeed: [0, 100],
  minScrollDepth: [0, 100000],
  idleAtTopSeconds: [0, 3600],
};

/**
 * Validates a marketer config (the JSON file, or the same keys in code). Unknown keys are ignored;
 * every problem is returned with the field it concerns. The result is a fresh object holding only
 * valid, copied values: nothing from the input (no `__proto__`, no getters) reaches the SDK's state.
 */
export function validateConfig(input: unknown, origin = 'config'): { config: MarketerConfig; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const config: Record<string, unknown> = {};
  const bad = (field: string, message: string) =>
    issues.push({ field: `${origin}.${field}`, message: `${origin}.${field} ${message}` });
  if (!isObj(input)) return { config, issues: [{ field: origin, message: `${origin} must be an object` }] };
  /** Copies the numbers of `from` within their ranges into `into`, naming each bad one. */
  const numbers = (
    from: Record<string, unknown>,
    ranges: Record<string, [number, number, boolean?]>,
    into: Record<string, unknown>,
    prefix: string,
  ) => {
    for (const [key, [min, max, int]] of Object.entries(ranges)) {
      if (!Object.prototype.hasOwnProperty.call(from, key) || from[key] === undefined) continue;
      const v = from[key];
      if (!num(v, min, max) || (int && !Number.isInteger(v)))
        bad(
          prefix + key,
          `must be ${int ? 'an integer' : 'a number'} from ${min} to ${max}, got ${JSON.stringify(v) ?? String(v)}`,
        );
      else into[key] = v;
    }
  };
  numbers(input, RANGES, config, '');
  if (input.trigger !== undefined) {
    if (input.trigger === 'pageview' || input.trigger === 'exit-intent') config.trigger = input.trigger;
    else
      bad(
        'trigger',
        `must be "pageview" or "exit-intent", got ${JSON.stringify(input.trigger) ?? String(input.trigger)}`,
      );
  }
  if (input.exitIntent !== undefined) {
    if (!isObj(input.exitIntent)) bad('exitIntent', 'must be an object');
    else numbers(input.exitIntent, EXIT_RANGES, (config.exitIntent = {}), 'exitIntent.');
  }
  if (input.offers !== undefined) {
    if (!Array.isArray(input.offers) || input.offers.length > 20)
      bad('offers', 'must be an array of at most 20 offers');
    else {
      const offers: Offer[] = [];
      input.offers.forEach((o: unknown, i: number) => {
        if (!isObj(o) || typeof o.id !== 'string' || !o.id || o.id.length > 100)
          return bad(`offers[${i}].id`, 'must be a non-empty string of at most 100 characters');
        if (!num(o.below, 0, 1))
          return bad(
            `offers[${i}].below`,
            `must be a number from 0 to 1, got ${JSON.stringify(o.below) ?? String(o.below)}`,
          );
        // Extra fields pass through as plain JSON data: copied, so the caller cannot change them later.
        try {
          offers.push(JSON.parse(JSON.stringify(o)) as Offer);
        } catch {
          bad(`offers[${i}]`, 'must be plain JSON data');
        }
      });
      config.offers = offers;
    }
  }
  if (input.specialDays !== undefined) {
    if (!Array.isArray(input.specialDays) || input.specialDays.length > 100)
      bad('specialDays', 'must be an array of at most 100 dates');
    else {
      config.specialDays = input.specialDays.flatMap((d: unknown, i: number): SpecialDay[] => {
        if (!isObj(d) || typeof d.date !== 'string' || !/^(\d{4}-)?\d{2}-\d{2}$/.test(d.date))
          return (bad(`specialDays[${i}].date`, 'must be "MM-DD" or "YYYY-MM-DD"'), []);
        if (d.peakDaysBefore !== undefined && !(num(d.peakDaysBefore, 0, 60) && Number.isInteger(d.peakDaysBefore)))
          return (bad(`specialDays[${i}].peakDaysBefore`, 'must be an integer from 0 to 60'), []);
        return [
          { date: d.date, ...(d.peakDaysBefore !== undefined ? { peakDaysBefore: d.peakDaysBefore as number } : {}) },
        ];
      });
    }
  }
  return { config: config as MarketerConfig, issues };
}

/** The offers a config means: `offers`, or `threshold` as one offer `{ id: 'default', below }`, lowest first. */
export function offersOf(config: MarketerConfig): Offer[] {
  const offers = config.offers ?? (config.threshold !== undefined ? [{ id: 'default', below: config.threshold }] : []);
  return [...offers].sort((a, b) => a.below - b.below);
}
