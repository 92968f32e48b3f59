/** How decisions reach the shop: the decision event for every decision, a callback for each offer. */
import { invoke } from '../lib/invoke';
import type { Reporter } from '../lib/reporter';
import type { DecisionDetail, LowIntentEvent, TrackerOptions } from '../types';

/** Every decision, offer or not, as `intenttracker:decision` on window (and the console in debug). */
export function announce(win: Window, reporter: Reporter, detail: DecisionDetail): void {
  reporter.log('decision', detail);
  win.dispatchEvent(new CustomEvent('intenttracker:decision', { detail }));
}

/** An offer: `onLowIntent` and `intenttracker:lowintent` for the treatment arm, `onHoldout` for control. */
export function deliver(
  win: Window,
  reporter: Reporter,
  event: LowIntentEvent,
  onLowIntent: unknown,
  options: Pick<TrackerOptions, 'onHoldout'>,
): void {
  if (event.arm === 'control') invoke(reporter, 'onHoldout', options.onHoldout, event);
  else invoke(reporter, 'onLowIntent', onLowIntent, event);
  if (event.arm === 'treatment') win.dispatchEvent(new CustomEvent('intenttracker:lowintent', { detail: event }));
}
