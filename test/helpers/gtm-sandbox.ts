import vm from 'node:vm';
import { matchesUrlPattern, type Permissions } from './gtm-template';

/** Any function crossing the sandbox boundary. */
export type Fn = (...args: unknown[]) => unknown;
/** The fake page's window: plain objects, walked by dot paths. */
export type FakeWindow = Record<string, unknown>;

/**
 * A value crossing between the sandbox and the page, as GTM's documentation describes it: objects and
 * arrays are copied (the page never shares an object with the template), functions are wrapped so
 * their arguments and results cross too.
 */
export function cross(v: unknown): unknown {
  if (typeof v === 'function') {
    const f = v as Fn;
    return (...args: unknown[]) => cross(f(...args.map(cross)));
  }
  if (Array.isArray(v)) return v.map(cross);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cross(x)]));
  return v;
}

/** How a fake run behaves, and what it starts from. */
export interface SandboxOptions {
  permissions: Permissions;
  window?: FakeWindow;
  /** injectScript: `load` runs `onLoad` on the window, then onSuccess; `fail` calls onFailure; `never` neither. */
  inject?: 'load' | 'fail' | 'never';
  /** The loaded script's effect on the window (e.g. the SDK replaying its queue). */
  onLoad?: (win: FakeWindow) => void;
  /** APIs replaced by a test (the ___TESTS___ `mock`), unchecked by permissions. */
  mocks?: Map<string, Fn>;
}

/** What a run did: the window after it, every API call, and how the tag ended. */
export interface SandboxRun {
  window: FakeWindow;
  calls: { api: string; args: unknown[] }[];
  injected: string[];
  logs: unknown[][];
  /** The exception that ended the code (GTM fails the tag), e.g. a refused permission. */
  error?: Error;
  /** Resolves once the injection's callbacks have run. */
  settled: Promise<void>;
}

/** Globals GTM's sandbox does not have: the template must use required APIs instead. */
const ABSENT = ['window', 'document', 'JSON', 'Math', 'Object', 'setTimeout', 'fetch', 'eval', 'Function'];

function walk(win: FakeWindow, key: string): { parent: Record<string, unknown> | undefined; last: string } {
  const path = key.split('.');
  const last = path.pop()!;
  let parent: unknown = win;
  for (const p of path) parent = parent && typeof parent === 'object' ? (parent as FakeWindow)[p] : undefined;
  return { parent: parent && typeof parent === 'object' ? (parent as FakeWindow) : undefined, last };
}
const get = (win: FakeWindow, key: string) => {
  const { parent, last } = walk(win, key);
  return parent?.[last];
};
function put(win: FakeWindow, key: string, value: unknown): void {
  const { parent, last } = walk(win, key);
  if (!parent) throw new Error(`${key}: its parent object does not exist on window`);
  parent[last] = value;
}

/**
 * The sandbox APIs the template uses, on a fake window, each checking the template's permissions and
 * throwing when a key or URL is not permitted (as GTM's APIs do).
 */
function fakeApis(opts: SandboxOptions, run: SandboxRun, done: () => void): Record<string, Fn> {
  const win = run.window;
  const allow = (key: string, kind: 'read' | 'write' | 'execute') => {
    if (!opts.permissions.globals.get(key)?.[kind])
      throw new Error(`Prohibited ${kind} access to the global "${key}" (access_globals)`);
  };
  return {
    injectScript: (url, onSuccess, onFailure) => {
      if (typeof url !== 'string' || !opts.permissions.injectUrls.some((p) => matchesUrlPattern(p, url)))
        throw new Error(`Prohibited script injection of "${String(url)}" (inject_script)`);
      run.injected.push(url);
      // GTM calls back once the script has loaded (or failed): later, never inside injectScript.
      setImmediate(() => {
        if (opts.inject === 'fail') (onFailure as Fn)?.();
        else if (opts.inject !== 'never') {
          opts.onLoad?.(win);
          (onSuccess as Fn)?.();
        }
        done();
      });
    },
    setInWindow: (key, value, override) => {
      allow(String(key), 'write');
      if (get(win, String(key)) !== undefined && override !== true) return false;
      put(win, String(key), cross(value));
      return true;
    },
    copyFromWindow: (key) => {
      allow(String(key), 'read');
      return cross(get(win, String(key)));
    },
    callInWindow: (key, ...args) => {
      allow(String(key), 'execute');
      const { parent, last } = walk(win, String(key));
      const fn = parent?.[last];
      return typeof fn === 'function' ? cross(fn.apply(parent, args.map(cross))) : undefined;
    },
    createQueue: (key) => {
      allow(String(key), 'read');
      allow(String(key), 'write');
      if (!Array.isArray(get(win, String(key)))) put(win, String(key), []);
      return (value: unknown) => (get(win, String(key)) as unknown[]).push(cross(value));
    },
    logToConsole: (...args) => void run.logs.push(args),
    makeNumber: (v) => Number(v),
  };
}

/**
 * Runs a template's sandboxed JS in node:vm with `data` (plus gtmOnSuccess/gtmOnFailure, recorded as
 * calls) and a `require` that gives the fake APIs. Not GTM's sandbox: see examples/gtm/README.md.
 */
export function runSandboxed(code: string, data: Record<string, unknown>, opts: SandboxOptions): SandboxRun {
  let done = () => {};
  const run: SandboxRun = {
    window: opts.window ?? {},
    calls: [],
    injected: [],
    logs: [],
    settled: new Promise<void>((resolve) => (done = resolve)),
  };
  const apis = fakeApis(opts, run, done);
  const recorded = (api: string, fn: Fn): Fn => {
    return (...args) => {
      run.calls.push({ api, args });
      return fn(...args);
    };
  };
  const require = (name: string) => {
    const fn = opts.mocks?.get(name) ?? apis[name];
    if (!fn) throw new Error(`require('${name}'): not an API this harness fakes`);
    return recorded(name, fn);
  };
  const sandboxData = {
    ...data,
    gtmOnSuccess: recorded('gtmOnSuccess', () => {}),
    gtmOnFailure: recorded('gtmOnFailure', () => {}),
  };
  const context = vm.createContext({
    require,
    data: sandboxData,
    ...Object.fromEntries(ABSENT.map((g) => [g, undefined])),
  });
  try {
    // A function body, as GTM runs it: a top-level `return` is allowed.
    vm.runInContext(`(function () {\n${code}\n})();`, context, { filename: 'template.tpl' });
  } catch (e) {
    run.error = e as Error;
  }
  if (!run.injected.length || run.error) done();
  return run;
}
