/**
 * The policy's settings: the documented defaults, the marketer keys given in code, and the config
 * file's, merged by one rule. An invalid or unreachable config file blocks every offer (fail safe:
 * the marketer's intent is unknown).
 */
import type { Reporter } from '../lib/reporter';
import { fetchJson } from '../signals/fetch-json';
import type { HoldoutArm, MarketerConfig } from '../types';
import { offersOf, validateConfig } from './config';
import type { GateSettings } from './gates';
import type { PolicySettings } from './policy';

/** Defaults of the marketer keys (documented in the README's options table). */
export const POLICY_DEFAULTS = {
  minPageViews: 3,
  minSessionSeconds: 0,
  maxOffersPerSession: 1,
  cooldownDays: 0,
  holdout: 0,
};

/** Everything the gates and the policy read, with the config's remaining keys (special days). */
export type Settings = MarketerConfig & PolicySettings & GateSettings;

/** The config file's keys over the code's: its offers replace the code's, whichever of `offers` or `threshold` either side used. */
export function mergeConfig(code: MarketerConfig, file: MarketerConfig): MarketerConfig {
  const replacesOffers = file.offers !== undefined || file.threshold !== undefined;
  const { offers: _o, threshold: _t, ...rest } = code;
  return { ...(replacesOffers ? rest : code), ...file };
}

/** The settings of a merged config; `blocked` (a bad config file) leaves no offer. */
export function settingsOf(config: MarketerConfig, blocked: boolean, holdoutArm: HoldoutArm | undefined): Settings {
  return { ...POLICY_DEFAULTS, ...config, offers: blocked ? [] : offersOf(config), holdoutArm };
}

/** The code's config merged with the file at `url` (if any), and whether a bad file blocks offers. Never rejects. */
export async function loadConfig(
  url: string | undefined,
  code: MarketerConfig,
  timeoutMs: number,
  { report, log }: Reporter,
): Promise<{ config: MarketerConfig; blocked: boolean }> {
  if (typeof url !== 'string') return { config: code, blocked: false };
  let config = code;
  let blocked: boolean;
  try {
    const file = validateConfig(await fetchJson(url, timeoutMs), 'config');
    file.issues.forEach((i) => report({ code: 'config', field: i.field, message: `${url}: ${i.message}` }));
    blocked = file.issues.length > 0;
    config = mergeConfig(code, file.config);
  } catch (e) {
    blocked = true;
    report({ code: 'config', message: `the config file could not be loaded: ${(e as Error).message}`, cause: e });
  }
  log('config', blocked ? 'invalid: no offers' : config);
  return { config, blocked };
}
