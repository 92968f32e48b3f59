import type { PageFacts } from '../contract';
import type { PageType, TrackerOptions } from '../types';
import { campaignKey } from './campaign';
import { pageTypeOf } from './page-type';

/**
 * The facts of the page view happening now, read once from the page: when, which path, its type
 * (declared by the page, given by `trackPageView`, or from the URL rules) and its campaign.
 */
export function pageFacts(win: Window, pageTypes: TrackerOptions['pageTypes'], type?: PageType): PageFacts {
  const path = win.location.pathname;
  return {
    at: Date.now(),
    path,
    type: type ?? pageTypeOf(win.document, path, pageTypes),
    campaign: campaignKey(win.location.search),
  };
}
