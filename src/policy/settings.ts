/**
 * The policy's settings: the documented defaults, the marketer keys given in code, and the config
 * file's, merged by one rule. An invalid or unreachable config file blocks every offer (fail safe:
 * the marketer's intent is unknown), and says why.
 */
import type { Reporter } from '../lib/reporter';
import { fetchJson } from '../signals/fetch-json';
import type { HoldoutArm, MarketerConfig, Trigger } from '../types';
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
  trigger: 'pageview' as Trigger,
};

/** Everything the gates and the policy read, with the config's remaining keys (special days). */
export type Settings = MarketerConfig & PolicySettings & GateSettings & { trigger: Trigger };

/** The config file's keys over the code's: its offers replace the code's, whichever of `offers` or `threshold` either side used. */
export function mergeConfig(code: MarketerConfig, file: MarketerConfig): MarketerConfig {
  const replacesOffers = file.offers !== undefined || file.threshold !== undefined;
  const { offers: _o, threshold: _t, ...rest } = code;
  return { ...(replacesOffers ? rest : code), ...file };
}

/** The settings of a merged config; `blocked` (why a bad config file blocks offers, '' when none does) leaves no offer. */
export function settingsOf(config: MarketerConfig, blocked: string, holdoutArm: HoldoutArm | undefined): Settings {
  return { ...POLICY_DEFAULTS, ...config, offers: blocked ? [] : offersOf(config), holdoutArm, blocked };
}

/**
 * The code's config merged with the file at `url` (if any); `blocked` says why a bad file blocks
 * every offer ('' when it does not): the decision reason, so debug and the decision event name the
 * file and its status instead of "no offer configured". Never rejects.
 */
export async function loadConfig(
  url: string | undefined,
  code: MarketerConfig,
  timeoutMs: number,
  { report, log }: Reporter,
): Promise<{ config: MarketerConfig; blocked: string }> {
  if (typeof url !== 'string') return { config: code, blocked: '' };
  let config = code;
  let blocked = '';
  try {
    const file = validateConfig(await fetchJson(url, timeoutMs), 'config');
    // Each issue is reported on its own, with its field; the reason lists the fields.
    file.issues.forEach((i) => report({ code: 'config', field: i.field, message: `${url}: ${i.message}` }));
    if (file.issues.length)
      blocked = `the config file ${url} is invalid (${file.issues.map((i) => i.field).join(', ')}); offers are off until it is fixed`;
    config = mergeConfig(code, file.config);
  } catch (e) {
    // fetchJson's message starts with the URL. Most often: a data-config file never deployed, offers in code.
    blocked = `the config file ${(e as Error).message}; offers are off until it loads (without a config file, leave out data-config and configUrl)`;
    report({ code: 'config', message: blocked, cause: e });
  }
  log('config', blocked || config);
  return { config, blocked };
}
