import type { PageType, TrackerOptions } from '../types';
import { matches } from './match';

const TYPES: PageType[] = ['administrative', 'informational', 'product', 'other'];

function asType(value: string | null | undefined): PageType | null {
  const v = (value ?? '').trim().toLowerCase() as PageType;
  return TYPES.includes(v) ? v : null;
}

/**
 * The type of the page being viewed: `<meta name="intent-page-type">`, then `data-intent-page-type`
 * on `<html>` or `<body>`, then the URL rules, else `other`.
 */
export function pageTypeOf(doc: Document, path: string, rules: TrackerOptions['pageTypes'] = {}): PageType {
  const declared =
    asType(doc.querySelector('meta[name="intent-page-type"]')?.getAttribute('content')) ??
    asType(doc.documentElement.getAttribute('data-intent-page-type')) ??
    asType(doc.body?.getAttribute('data-intent-page-type'));
  if (declared) return declared;
  for (const type of TYPES) {
    if ((rules[type as Exclude<PageType, 'other'>] ?? []).some((p) => matches(p, path))) return type;
  }
  return 'other';
}

export { asType as parsePageType };
