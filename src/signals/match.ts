/**
 * Path patterns for page types and page statistics: a glob (`*` = one path segment's characters,
 * `**` = anything) matched against the whole path, or a RegExp tested against it.
 */
export function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`);
}

/** True when `path` matches the glob or RegExp. */
export function matches(pattern: string | RegExp, path: string): boolean {
  return (typeof pattern === 'string' ? globToRegExp(pattern) : pattern).test(path);
}
