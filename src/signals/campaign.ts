const KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content', 'gclid'];

/**
 * A short hash of the landing URL's campaign parameters, or '' when it has none. Only the hash is
 * stored: enough to notice that the campaign changed (a new session), never the values themselves.
 */
export function campaignKey(search: string): string {
  const params = new URLSearchParams(search);
  const text = KEYS.map((k) => params.get(k) ?? '').join('\u0000');
  // eslint-disable-next-line no-control-regex -- NUL is the separator joined in above
  if (!text.replace(/\u0000/g, '')) return '';
  let h = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}
