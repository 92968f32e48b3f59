/**
 * Options normalisation: the page's raw `initIntentTracker` arguments become well-typed options. Every problem is reported with the field it concerns; a bad option
 * is dropped (its default applies), never thrown.
 */
import type { Report } from './lib/reporter';
import { MARKETER_KEYS, validateConfig } from './policy/config';
import type { MarketerConfig, TrackerOptions } from './types';

/** Defaults the page gives when the options do not say. */
export interface Environment {
  /** Where the SDK's own files are served: beside the script. */
  assetBaseUrl: string;
  /** The script tag's `data-config` (the marketer's config file), if any. */
  configUrl?: string;
}

/** The normalised options. */
export interface Normalised {
  /** The well-typed non-marketer options (marketer keys are in `config`). */
  options: TrackerOptions;
  /** The marketer keys given in code, validated; the config file's keys override them later. */
  config: MarketerConfig;
}

/** The non-marketer options and the types each may have. */
const OPTION_TYPES: Record<string, string> = {
  assetBaseUrl: 'string',
  modelBaseUrl: 'string',
  configUrl: 'string',
  spa: 'boolean',
  sessionTimeoutMinutes: 'number',
  respectPrivacySignals: 'boolean',
  requireConsent: 'boolean',
  consentFrom: 'string',
  consentRequires: 'object',
  onHoldout: 'function',
  onError: 'function',
  debug: 'boolean',
  requestTimeoutMs: 'number',
  holdoutArm: 'string',
  pageTypes: 'object',
  pageStats: 'object string',
  onSessionEnd: 'function',
  collectUrl: 'string',
};

/** URL rules run on every page view: only known types, and short arrays of strings or RegExps. */
function validPageTypes(v: unknown): boolean {
  return (
    typeof v === 'object' &&
    v !== null &&
    Object.entries(v).every(
      ([type, rules]) =>
        ['administrative', 'informational', 'product'].includes(type) &&
        Array.isArray(rules) &&
        rules.length <= 100 &&
        rules.every((r) => typeof r === 'string' || r instanceof RegExp),
    )
  );
}

/** Checks the arguments of `initIntentTracker`, keeping only well-typed options. */
export function normaliseOptions(
  onLowIntent: unknown,
  rawOptions: unknown,
  env: Environment,
  report: Report,
): Normalised {
  // The raw options as an object to read keys from (anything else counts as no options).
  const given = ((typeof rawOptions === 'object' && rawOptions) || {}) as Record<string, unknown>;
  const options: TrackerOptions = {};
  if (rawOptions != null && typeof rawOptions !== 'object')
    report({ code: 'option', field: 'options', message: 'options must be an object' });
  if (onLowIntent != null && typeof onLowIntent !== 'function')
    report({ code: 'argument', field: 'onLowIntent', message: 'onLowIntent must be a function' });
  for (const key of Object.keys(given)) {
    const v = given[key];
    // Own properties only: a key such as 'constructor' must not find Object.prototype's.
    const types = Object.prototype.hasOwnProperty.call(OPTION_TYPES, key) ? OPTION_TYPES[key] : undefined;
    if (MARKETER_KEYS.includes(key)) continue; // validated as a whole below
    if (key === 'pageTypes' && !validPageTypes(v))
      report({
        code: 'option',
        field: key,
        message:
          'options.pageTypes must map administrative, informational or product to arrays of at most 100 globs (strings) or RegExps',
      });
    else if (!types)
      report({ code: 'option', field: key, message: `options.${key} is not an option of initIntentTracker` });
    else if (
      v !== undefined &&
      (!types.includes(typeof v) ||
        v === null ||
        (typeof v === 'number' && !(v > 0 && v < 1e9)) ||
        (key === 'holdoutArm' && v !== 'treatment' && v !== 'control'))
    ) {
      report({
        code: 'option',
        field: key,
        message: `options.${key} must be ${key === 'holdoutArm' ? '"treatment" or "control"' : `a ${types.replace(' ', ' or ')}${types === 'number' ? ' above 0' : ''}`}`,
      });
    } else (options as Record<string, unknown>)[key] = v;
  }

  // The script tag's data-config, unless the options name a config file themselves.
  options.configUrl ??= env.configUrl;

  // Marketer keys are checked at once, so a developer sees a typo on the first page load.
  const fromCode = validateConfig(
    Object.fromEntries(MARKETER_KEYS.filter((k) => k in given).map((k) => [k, given[k]])),
    'options',
  );
  fromCode.issues.forEach((i) => report({ code: 'option', field: i.field, message: i.message }));

  return { options, config: fromCode.config };
}
