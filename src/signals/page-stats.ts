import type { Report } from '../lib/reporter';
import type { PageStat, PageStats } from '../types';
import { fetchJson } from './fetch-json';
import { globToRegExp } from './match';

/**
 * Keeps the valid entries of untrusted page statistics: rates in [0, 1], a page value >= 0.
 * Returns the copy and a message per rejected entry.
 */
export function validatePageStats(input: unknown): { stats: PageStats; issues: string[] } {
  const stats: PageStats = {};
  const issues: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { stats, issues: ['pageStats must be an object mapping paths to { bounceRate, exitRate, pageValue }'] };
  for (const [path, v] of Object.entries(input as Record<string, unknown>)) {
    const s = v as Record<string, unknown>;
    const rate = (x: unknown) => typeof x === 'number' && x >= 0 && x <= 1;
    if (
      s &&
      rate(s.bounceRate) &&
      rate(s.exitRate) &&
      typeof s.pageValue === 'number' &&
      s.pageValue >= 0 &&
      s.pageValue < 1e9
    ) {
      stats[path] = {
        bounceRate: s.bounceRate as number,
        exitRate: s.exitRate as number,
        pageValue: s.pageValue as number,
      };
    } else {
      issues.push(`pageStats[${JSON.stringify(path)}] needs bounceRate and exitRate from 0 to 1 and pageValue >= 0`);
    }
  }
  return { stats, issues };
}

/**
 * The statistics of a path: an exact entry, else the longest matching glob, else the `*` entry,
 * else null (the view then counts in no average).
 */
export function statOf(stats: PageStats, path: string): PageStat | null {
  if (Object.prototype.hasOwnProperty.call(stats, path)) return stats[path];
  const globs = Object.keys(stats)
    .filter((k) => k !== '*' && k.includes('*'))
    .sort((a, b) => b.length - a.length);
  const hit = globs.find((g) => globToRegExp(g).test(path));
  return hit ? stats[hit] : (stats['*'] ?? null);
}

/**
 * The page statistics the options give, inline or as a URL to JSON, validated; null when none are
 * given or they cannot be loaded (the behavioral model then scores). Never rejects.
 */
export async function loadPageStats(
  raw: PageStats | string | undefined,
  timeoutMs: number,
  report: Report,
): Promise<PageStats | null> {
  if (raw === undefined) return null;
  try {
    const checked = validatePageStats(typeof raw === 'string' ? await fetchJson(raw, timeoutMs) : raw);
    checked.issues.forEach((message) => report({ code: 'page-stats', message }));
    return checked.stats;
  } catch (e) {
    report({
      code: 'page-stats',
      message: `page statistics could not be loaded (${(e as Error).message}); scoring with the behavioral model`,
      cause: e,
    });
    return null;
  }
}
