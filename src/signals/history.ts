/**
 * Calls `onRoute` when a single-page app changes its path through the History API (pushState,
 * replaceState to another path, back/forward). Returns a function that undoes the patching.
 */
export function watchRoutes(win: Window, onRoute: () => void): () => void {
  let path = win.location.pathname;
  const check = () => {
    if (win.location.pathname !== path) {
      path = win.location.pathname;
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
