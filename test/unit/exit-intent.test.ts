import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  EXIT_INTENT_DEFAULTS as O,
  idleAtTopDue,
  newTrack,
  pointerExit,
  scrollExit,
  watchExitIntent,
} from '../../src/signals/exit-intent';

const t0 = 1_000_000;
const out = (clientY: number, over: Partial<Parameters<typeof pointerExit>[0]> = {}) => ({
  clientY,
  toElement: false,
  fromSelect: false,
  ...over,
});

test('pointer: leaving through the top edge after the minimum time is exit intent; sides, bottom, early exits, other elements and <select> lists are not', () => {
  const late = t0 + 3_000;
  assert.equal(pointerExit(out(-1), t0, late, O), true);
  assert.equal(pointerExit(out(20), t0, late, O), true, 'within the 20 px sensitivity');
  assert.equal(pointerExit(out(21), t0, late, O), false, 'a side exit lower down');
  assert.equal(pointerExit(out(800), t0, late, O), false, 'the bottom');
  assert.equal(pointerExit(out(-1), t0, t0 + 2_999, O), false, 'before minSecondsOnPage');
  assert.equal(pointerExit(out(-1, { toElement: true }), t0, late, O), false, 'onto another element');
  assert.equal(pointerExit(out(-1, { fromSelect: true }), t0, late, O), false, "a <select>'s list (Firefox)");
  assert.equal(pointerExit(out(40), t0, late, { ...O, sensitivity: 50 }), true);
});

/** Scrolls to each y in turn, `dt` ms apart, by touch; returns whether any step fired. */
function scrollBy(t: ReturnType<typeof newTrack>, from: number, ys: number[], dt: number, o = O): number | null {
  let at = from;
  for (const y of ys) {
    at += dt;
    if (scrollExit(t, at, y, t0, o)) return at;
  }
  return null;
}

test('touch: a fast upward scroll after scrolling down fires; slow ones, shallow pages, wheels and early ones do not', () => {
  const down = [100, 200, 300, 400, 500, 600];
  const fast = [560, 520, 480, 440, 400]; // 40 px per 16 ms: 2.5 px/ms
  const slow = [590, 580, 570, 560, 550, 540, 530, 520]; // 0.6 px/ms
  const touched = () => ({ ...newTrack(t0, 0), touch: true });

  let t = touched();
  assert.equal(scrollBy(t, t0 + 3_000, down, 100), null, 'scrolling down never fires');
  assert.ok(scrollBy(t, t0 + 4_000, fast, 16) !== null);

  t = touched();
  scrollBy(t, t0 + 3_000, down, 100);
  assert.equal(scrollBy(t, t0 + 4_000, slow, 16), null, 'slower than scrollUpSpeed');

  t = touched();
  scrollBy(t, t0 + 3_000, [100, 150], 100);
  assert.equal(scrollBy(t, t0 + 4_000, [110, 70, 30, 0], 16), null, 'never deeper than minScrollDepth');

  t = newTrack(t0, 0); // the last input was no touch: a mouse wheel
  scrollBy(t, t0 + 3_000, down, 100);
  assert.equal(scrollBy(t, t0 + 4_000, fast, 16), null, 'a wheel scrolls fast too');

  t = touched();
  scrollBy(t, t0, down, 100);
  assert.equal(scrollBy(t, t0 + 700, fast, 16), null, 'before minSecondsOnPage');

  t = touched();
  scrollBy(t, t0 + 3_000, down, 100);
  assert.equal(scrollBy(t, t0 + 4_000, fast, 16, { ...O, scrollUpSpeed: 0 }), null, 'scrollUpSpeed 0 turns it off');
});

test('touch: idle at the top after scrolling down is due idleAtTopSeconds after the last input, never before minSecondsOnPage', () => {
  const t = { ...newTrack(t0, 0), touch: true };
  assert.equal(idleAtTopDue(t, t0, O), null, 'never scrolled down');
  scrollBy(t, t0, [300, 600], 100);
  assert.equal(idleAtTopDue(t, t0, O), null, 'not back at the top');
  scrollBy(t, t0 + 200, [400, 200, 40], 300); // slowly back up: no fast-scroll signal
  assert.equal(t.y, 40);
  assert.equal(idleAtTopDue(t, t0, O), t0 + 1_100 + 5_000);
  assert.equal(idleAtTopDue(t, t0, { ...O, idleAtTopSeconds: 1, minSecondsOnPage: 10 }), t0 + 10_000);
  assert.equal(idleAtTopDue(t, t0, { ...O, idleAtTopSeconds: 0 }), null, '0 turns it off');
  assert.equal(idleAtTopDue({ ...t, touch: false }, t0, O), null, 'a mouse user has the pointer signal');
});

/** A window and document as EventTargets, enough for the DOM binding. */
function fakeWindow() {
  const doc = new EventTarget();
  const win = Object.assign(new EventTarget(), { document: doc, scrollY: 0 });
  const leave = (clientY: number) =>
    doc.dispatchEvent(Object.assign(new Event('mouseout'), { clientY, relatedTarget: null }));
  return { win: win as unknown as Window, leave, fire: (type: string) => win.dispatchEvent(new Event(type)) };
}

test('the DOM binding fires once at a top exit, then has no listener left; pagehide stops it too', () => {
  const signals: string[] = [];
  let page = fakeWindow();
  watchExitIntent(page.win, Date.now() - 5_000, undefined, (s) => signals.push(s));
  page.leave(300); // a side exit
  page.leave(-2);
  page.leave(-2);
  assert.deepEqual(signals, ['pointer-top'], 'once');

  page = fakeWindow();
  watchExitIntent(page.win, Date.now() - 5_000, undefined, (s) => signals.push(s));
  page.fire('pagehide');
  page.leave(-2);
  const stop = watchExitIntent(page.win, Date.now(), { minSecondsOnPage: 0 }, (s) => signals.push(`again ${s}`));
  stop();
  page.leave(-2);
  assert.deepEqual(signals, ['pointer-top'], 'stopped by pagehide and by its stop function');
});
