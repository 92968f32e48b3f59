import type { TrafficSource } from '../types';

const SEARCH = /(^|\.)(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia|qwant|startpage)\./;
const SOCIAL = /(^|\.)(facebook|instagram|t\.co|twitter|x\.com|linkedin|pinterest|reddit|tiktok|youtube|lnkd\.in)/;

/**
 * The class of where a visit came from, as the landing page sees it: campaign parameters first
 * (paid, email, social), then the referrer's host (search, social, another site), else direct.
 * Only the class is kept, never the referrer or the parameters.
 */
export function trafficSource(search: string, referrer: string, ownHost: string): TrafficSource {
  const p = new URLSearchParams(search);
  const medium = (p.get('utm_medium') ?? '').toLowerCase();
  if (p.has('gclid') || p.has('msclkid') || /^(cpc|ppc|paid|display|cpm|paidsearch|paid_social)/.test(medium))
    return 'paid';
  if (/mail|newsletter/.test(medium)) return 'email';
  if (/social/.test(medium)) return 'social';
  let host = '';
  try {
    host = referrer ? new URL(referrer).hostname : '';
  } catch {
    // an unparsable referrer counts as none
  }
  if (!host || host === ownHost) return medium ? 'referral' : 'direct';
  return SEARCH.test(host) ? 'search' : SOCIAL.test(host) ? 'social' : 'referral';
}
