import type { PageStat, PageStats } from '../types';
import { globToRegExp } from './match';

/**
 * Keeps the valid entries of untrusted page statistics: rates in [0, 1], a page value >= 0.
 * Returns the copy and a message per rejected entry.
 */
export function validatePageStats(input: unknown): { stats: PageStats; issues: string[] } {
  const stats: PageStats = {};
  const issues: string[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { stats, issues: ['pageStats must be an object mapping paths to { bounceRate, exitRate, pageValue }'] };
  for (const [path, v] of Object.entries(input as Record<string, unknown>)) {
    const s = v as Record<string, unknown>;
    const rate = (x: unknown) => typeof x === 'number' && x >= 0 && x <= 1;
    if (s && rate(s.bounceRate) && rate(s.exitRate) && typeof s.pageValue === 'number' && s.pageValue >= 0 && s.pageValue < 1e9) {
      stats[path] = { bounceRate: s.bounceRate as number, exitRate: s.exitRate as number, pageValue: s.pageValue as number };
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
  const globs = Object.keys(stats).filter((k) => k !== '*' && k.includes('*')).sort((a, b) => b.length - a.length);
  const hit = globs.find((g) => globToRegExp(g).test(path));
  return hit ? stats[hit] : stats['*'] ?? null;
}
