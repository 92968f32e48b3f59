/**
 * IAB TCF v2.2/2.3 (`window.__tcfapi`): the visitor's answer as a CMP gives it to a listener. The
 * CMP's stub, defined before the CMP loads, queues the call; the CMP answers it once loaded.
 */
import type { Report } from '../lib/reporter';
import type { Decide } from './watch';

/** The part of a TCF `TCData` read here. */
interface TcData {
  eventStatus?: unknown;
  gdprApplies?: unknown;
  listenerId?: unknown;
  purpose?: { consents?: Record<number, unknown> };
  publisher?: { consents?: Record<number, unknown> };
}

type TcfApi = (command: string, version: number, cb: (tcData: TcData, success: boolean) => void, arg?: unknown) => void;

/**
 * Whether `tcData` grants every purpose in `purposes`; undefined while it is no answer yet (only
 * `tcloaded` and `useractioncomplete` are: `cmpuishown` is the question, not the answer). GDPR not
 * applying means no consent is needed. A purpose counts with the publisher's own consent (the SDK is
 * the shop's first-party tool, which is what `publisher.consents` is for) or, since most CMPs do not
 * ask publisher purposes separately, with the purpose's consent the visitor gave in the same dialog.
 */
export function tcfGranted(tcData: unknown, purposes: readonly number[]): boolean | undefined {
  const d = (tcData ?? {}) as TcData;
  if (d.eventStatus !== 'tcloaded' && d.eventStatus !== 'useractioncomplete') return undefined;
  return (
    d.gdprApplies === false ||
    purposes.every((p) => d.publisher?.consents?.[p] === true || d.purpose?.consents?.[p] === true)
  );
}

/** Listens to the CMP from when `__tcfapi` exists; returns whether it did, and a stop that removes the listener. */
export function listenTcf(
  win: Window,
  purposes: readonly number[],
  decide: Decide,
  report: Report,
): { found(): boolean; stop(): void } {
  let listenerId: unknown;
  let stopped = false;
  let listening = false;
  const api = () => (win as { __tcfapi?: unknown }).__tcfapi;
  const call = (...args: Parameters<TcfApi>) => {
    try {
      (api() as TcfApi)(...args);
    } catch (e) {
      report({ code: 'consent', message: `consentFrom 'tcf': __tcfapi('${args[0]}') threw: ${String(e)}`, cause: e });
    }
  };
  // Called by the CMP, as often as it likes: it must never throw back into it.
  const listener = (tcData: TcData, success: boolean) => {
    try {
      if (stopped || !success) return;
      listenerId ??= tcData.listenerId;
      const granted = tcfGranted(tcData, purposes);
      if (granted !== undefined) decide(granted, `IAB TCF (${String(tcData.eventStatus)})`);
    } catch (e) {
      report({ code: 'consent', message: `consentFrom 'tcf': unreadable TCData: ${String(e)}`, cause: e });
    }
  };
  return {
    found: () => {
      if (!listening && typeof api() === 'function') {
        listening = true;
        call('addEventListener', 2, listener);
      }
      return listening;
    },
    stop: () => {
      stopped = true;
      if (listening && listenerId !== undefined) call('removeEventListener', 2, () => {}, listenerId);
    },
  };
}
