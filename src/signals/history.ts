/**
 * Calls `onRoute` when a single-page app changes its path or query through the History API
 * (pushState, replaceState to another URL, back/forward), as Universal Analytics and GA4 count page
 * paths with their query. A change of the hash alone is not a page view. Returns a function that
 * undoes the patching.
 */
export function watchRoutes(win: Window, onRoute: () => void): () => void {
  const url = () => win.location.pathname + win.location.search;
  let last = url();
  const check = () => {
    if (url() !== last) {
      last = url();
      onRoute();
    }
  };
  const h = win.history;
  const originals = { pushState: h.pushState, replaceState: h.replaceState };
  const wrap = (name: 'pushState' | 'replaceState') =>
    function (this: History, ...args: Parameters<History['pushState']>) {
      originals[name].apply(this, args);
      check();
    };
  const patched = { pushState: wrap('pushState'), replaceState: wrap('replaceState') };
  h.pushState = patched.pushState;
  h.replaceState = patched.replaceState;
  win.addEventListener('popstate', check);
  return () => {
    win.removeEventListener('popstate', check);
    // Only undo our own patch: another script may have wrapped ours since.
    if (h.pushState === patched.pushState) h.pushState = originals.pushState;
    if (h.replaceState === patched.replaceState) h.replaceState = originals.replaceState;
  };
}
