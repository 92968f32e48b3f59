/**
 * Visible time of the current page (Page Visibility): measured from when the page became visible
 * until it is hidden or left, then handed to `onVisible` with the page's type. The page's time
 * before this watcher started counts from navigation start, when the page was visible then.
 */
export function watchVisibleTime(
  win: Window,
  typeNow: () => string,
  onVisible: (type: string, ms: number) => void,
): () => void {
  const doc = win.document;
  let since: number | null = doc.visibilityState === 'visible' ? Date.now() - win.performance.now() : null;
  const flush = () => {
    const now = Date.now();
    const ms = since === null ? 0 : now - since;
    since = doc.visibilityState === 'visible' ? now : null;
    if (ms > 0) onVisible(typeNow(), ms);
  };
  doc.addEventListener('visibilitychange', flush);
  win.addEventListener('pagehide', flush);
  return () => {
    doc.removeEventListener('visibilitychange', flush);
    win.removeEventListener('pagehide', flush);
  };
}
