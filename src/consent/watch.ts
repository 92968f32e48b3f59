/**
 * The lazy consent chunk (`intent-consent.js`), loaded only with `consentFrom`: it follows the
 * page's consent platform and tells the core each change of the answer.
 */
import type { Report } from '../lib/reporter';
import type { ConsentSource } from '../types';
import { listenConsentMode } from './consent-mode';
import { listenTcf } from './tcf';

/** Takes the platform's answer: granted or not, and which source said so. */
export type Decide = (granted: boolean, source: string) => void;

/** TCF purposes 1 (store on the device), 5 (build a profile of the visit) and 6 (choose content with it: the offer). */
const TCF_PURPOSES = [1, 5, 6];
/** The Consent Mode type every v2 CMP sets that covers first-party storage measuring the visit. */
const MODE_TYPES = ['analytics_storage'];
/** How often to look for a platform that is not there yet. */
const POLL_MS = 200;

/**
 * Follows `from` until the returned stop is called, calling `onChange` when the answer changes (the
 * first answer included). Reports a bad option, a platform that throws, and no answer within `timeoutMs`.
 */
export function watchConsent(
  win: Window,
  from: ConsentSource,
  requires: unknown,
  timeoutMs: number,
  onChange: Decide,
  report: Report,
): () => void {
  const tcf = from === 'tcf';
  // An unknown platform fails safe: the core waits for a consent that only setConsent can give.
  if (!tcf && from !== 'google-consent-mode') {
    report({
      code: 'option',
      field: 'consentFrom',
      message: `options.consentFrom must be "tcf" or "google-consent-mode"`,
    });
    return () => {};
  }
  const valid = (r: unknown) => (tcf ? Number.isInteger(r) && (r as number) > 0 : typeof r === 'string' && r !== '');
  const given = Array.isArray(requires) && requires.length > 0 && requires.every(valid);
  const list: unknown[] = given ? requires : tcf ? TCF_PURPOSES : MODE_TYPES;
  if (requires !== undefined && !given)
    report({
      code: 'option',
      field: 'consentRequires',
      message: `options.consentRequires must be a non-empty array of ${tcf ? 'TCF purpose ids' : 'Consent Mode types'}; using ${JSON.stringify(list)}`,
    });
  let last: boolean | undefined;
  const decide: Decide = (granted, source) => {
    if (granted !== last) onChange((last = granted), source);
  };
  const source = tcf
    ? listenTcf(win, list as number[], decide, report)
    : listenConsentMode(win, list as string[], decide, report);
  const poll = setInterval(() => source.found() && clearInterval(poll), POLL_MS);
  if (source.found()) clearInterval(poll);
  const timer = setTimeout(() => {
    clearInterval(poll);
    if (last === undefined)
      report({
        code: 'consent',
        message: `consentFrom '${from}': no answer from ${tcf ? 'window.__tcfapi' : 'window.dataLayer'} within ${timeoutMs} ms; nothing is tracked until it answers`,
      });
  }, timeoutMs);
  return () => {
    clearInterval(poll);
    clearTimeout(timer);
    source.stop();
  };
}
