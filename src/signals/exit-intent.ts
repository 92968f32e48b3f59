/**
 * Exit intent: the moment a visitor is about to leave the page. The rules are pure functions fed
 * with what the page saw (so Node tests can prove them); `watchExitIntent` binds them to the DOM.
 * No History API trap and no `beforeunload` prompt: the signals only watch, they never hold the
 * visitor back.
 *
 * - Pointer: the pointer leaves the viewport through the top edge, towards the tabs, the address
 *   bar or the close button (ouibounce's signal). Exits through the sides or the bottom do not count.
 * - Touch, where no pointer leaves: a fast upward scroll, or the page left idle back at its top,
 *   both only after the visitor scrolled some way down (a visitor who never scrolled has shown
 *   nothing). They count only while the last input was a touch: a mouse wheel scrolls fast too.
 */
import type { ExitIntentOptions } from '../types';

/** The defaults of `exitIntent` (documented in the README). */
export const EXIT_INTENT_DEFAULTS: Required<ExitIntentOptions> = {
  // ouibounce's default: how near the top edge a leaving pointer must be.
  sensitivity: 20,
  // ouibounce waits 1 s before listening, so a pointer resting near the top at load does not fire;
  // a visitor who leaves within seconds never read the page, and the decision needs the idle time.
  minSecondsOnPage: 3,
  // 1 px/ms is ouibounce's pull request #96 (scrollSpeed 1000 px/s).
  scrollUpSpeed: 1,
  // exit-intent-js scrolls 200 px up on mobile before it fires; here 200 px down must come first.
  minScrollDepth: 200,
  // exit-intent-js fires after 8 s idle anywhere; idle at the top after scrolling back is a sharper cue.
  idleAtTopSeconds: 5,
};

/** The window over which the upward scroll speed is measured (exit-intent-js checks every 100 ms). */
export const SPEED_WINDOW_MS = 100;
/** "Back at the top": within this many px of it. */
export const TOP_ZONE_PX = 50;

/** Which signal fired. */
export type ExitSignal = 'pointer-top' | 'scroll-up' | 'idle-at-top';

/** What the touch rules remember of the page's scrolling. */
export interface ScrollTrack {
  /** The deepest scroll position reached (px). */
  deepest: number;
  /** The current scroll position (px). */
  y: number;
  /** Recent scroll positions, [time ms, y], within the speed window. */
  recent: [number, number][];
  /** When the last input of any kind came (ms). */
  lastInputAt: number;
  /** Whether the last input was a touch: only then do the scroll signals count. */
  touch: boolean;
}

/** A fresh scroll track for a page shown at `at`, scrolled to `y`. */
export const newTrack = (at: number, y: number): ScrollTrack => ({
  deepest: y,
  y,
  recent: [],
  lastInputAt: at,
  touch: false,
});

/** Whether the page is old enough for any signal. */
export const oldEnough = (startedAt: number, at: number, o: Required<ExitIntentOptions>): boolean =>
  at - startedAt >= o.minSecondsOnPage * 1000;

/**
 * A pointer leaving the document: exit intent when it went nowhere (`toElement` false: out of the
 * viewport, not onto another element), through the top (`clientY` within `sensitivity`), and not
 * from a `<select>`'s list, which Firefox reports as leaving the page (ouibounce issue #139).
 */
export function pointerExit(
  e: { clientY: number; toElement: boolean; fromSelect: boolean },
  startedAt: number,
  at: number,
  o: Required<ExitIntentOptions>,
): boolean {
  return !e.toElement && !e.fromSelect && e.clientY <= o.sensitivity && oldEnough(startedAt, at, o);
}

/**
 * A scroll to `y` at `at` (updates the track): exit intent when, by touch, after the visitor was at
 * least `minScrollDepth` down, the page went up by `scrollUpSpeed` px/ms over the speed window.
 */
export function scrollExit(t: ScrollTrack, at: number, y: number, startedAt: number, o: Required<ExitIntentOptions>) {
  t.y = y;
  t.lastInputAt = at;
  t.recent = [...t.recent.filter(([time]) => at - time <= SPEED_WINDOW_MS), [at, y]];
  const fast = Math.max(...t.recent.map(([, ry]) => ry)) - y >= o.scrollUpSpeed * SPEED_WINDOW_MS;
  const fired = t.touch && o.scrollUpSpeed > 0 && t.deepest >= o.minScrollDepth && fast && oldEnough(startedAt, at, o);
  t.deepest = Math.max(t.deepest, y);
  return fired;
}

/**
 * When the idle-at-top signal is due (ms), or null while it cannot come: touch, scrolled at least
 * `minScrollDepth` down, back at the top, and no input since. Never before `minSecondsOnPage`.
 */
export function idleAtTopDue(t: ScrollTrack, startedAt: number, o: Required<ExitIntentOptions>): number | null {
  if (!t.touch || o.idleAtTopSeconds <= 0 || t.deepest < o.minScrollDepth || t.y > TOP_ZONE_PX) return null;
  return Math.max(t.lastInputAt + o.idleAtTopSeconds * 1000, startedAt + o.minSecondsOnPage * 1000);
}

/**
 * Calls `onExit` once, at the page's first exit-intent signal, then stops. Returns the function that
 * stops it sooner; it also stops when the page is hidden for good (`pagehide`). `startedAt` is when
 * the page view began (Date.now() time), from which `minSecondsOnPage` counts.
 */
export function watchExitIntent(
  win: Window,
  startedAt: number,
  options: ExitIntentOptions | undefined,
  onExit: (signal: ExitSignal) => void,
): () => void {
  const o = { ...EXIT_INTENT_DEFAULTS, ...options };
  const doc = win.document;
  const t = newTrack(startedAt, win.scrollY);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = (signal: ExitSignal) => {
    stop();
    onExit(signal);
  };
  // The idle signal waits on a timer, re-armed by each input.
  const arm = () => {
    clearTimeout(timer);
    const due = idleAtTopDue(t, startedAt, o);
    if (due !== null) timer = setTimeout(() => fire('idle-at-top'), Math.max(0, due - Date.now()));
  };
  const onOut = (e: MouseEvent) => {
    const from = e.target as Element | null;
    const exit = {
      clientY: e.clientY,
      toElement: !!e.relatedTarget,
      fromSelect: /^(SELECT|OPTION)$/.test(from?.nodeName ?? ''),
    };
    if (pointerExit(exit, startedAt, Date.now(), o)) fire('pointer-top');
  };
  const onScroll = () => (scrollExit(t, Date.now(), win.scrollY, startedAt, o) ? fire('scroll-up') : arm());
  const onInput = (e: Event) => {
    t.lastInputAt = Date.now();
    // A touch makes the following scrolls touch scrolls; a wheel, a key or a mouse makes them not.
    t.touch = e.type === 'touchstart' || (e.type.startsWith('pointer') && (e as PointerEvent).pointerType === 'touch');
    arm();
  };
  const listeners: [EventTarget, string, (e: never) => void][] = [
    [doc, 'mouseout', onOut],
    [win, 'scroll', onScroll],
    [win, 'pagehide', () => stop()],
    ...['touchstart', 'pointerdown', 'pointermove', 'wheel', 'keydown'].map(
      (type): [EventTarget, string, (e: never) => void] => [win, type, onInput],
    ),
  ];
  const stop = () => {
    clearTimeout(timer);
    listeners.forEach(([target, type, fn]) => target.removeEventListener(type, fn as EventListener, { capture: true }));
  };
  listeners.forEach(([target, type, fn]) =>
    target.addEventListener(type, fn as EventListener, { passive: true, capture: true }),
  );
  return stop;
}
