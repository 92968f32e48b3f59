import vm from 'node:vm';
import { runSandboxed, type Fn, type SandboxRun } from './gtm-sandbox';
import type { Permissions } from './gtm-template';

/** One scenario of the ___TESTS___ section. */
export interface Scenario {
  name: string;
  code: string;
}

/**
 * Reads the ___TESTS___ section as GTM writes it (YAML: `scenarios:` items with `name:` and a `code: |-`
 * block, then an optional `setup: |-` block). Only that shape is read, not YAML at large.
 */
export function parseTests(text: string): { scenarios: Scenario[]; setup: string } {
  const scenarios: { name: string; code: string[] }[] = [];
  const setup: string[] = [];
  let block: string[] | undefined; // the `|-` block being read, and its indentation
  let indent = 0;
  for (const line of text.split('\n')) {
    const item = /^- name: (.*)$/.exec(line);
    if (item) {
      scenarios.push({ name: item[1].trim(), code: [] });
      block = undefined;
    } else if (/^ {2}code: \|-$/.test(line) && scenarios.length) {
      [block, indent] = [scenarios[scenarios.length - 1].code, 4];
    } else if (/^setup: \|-$/.test(line)) {
      [block, indent] = [setup, 2];
    } else if (block && (line.startsWith(' '.repeat(indent)) || line.trim() === '')) {
      block.push(line.slice(indent));
    } else block = undefined;
  }
  return { scenarios: scenarios.map((s) => ({ name: s.name, code: s.code.join('\n') })), setup: setup.join('\n') };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Runs one scenario with the test API of GTM's template tests (mock, runCode, assertApi, assertThat,
 * fail): APIs not mocked are this harness's permission-checked fakes, and injectScript loads nothing.
 * Throws when an assertion fails.
 */
export function runScenario(code: string, setup: string, scenario: Scenario, permissions: Permissions): void {
  const mocks = new Map<string, Fn>();
  let last: SandboxRun | undefined;
  const calls = () => last?.calls ?? [];
  const fail = (message: string): never => {
    throw new Error(`${scenario.name}: ${message}`);
  };
  const api = {
    mock: (name: string, fn: Fn) => void mocks.set(name, fn),
    runCode: (data: Record<string, unknown>) => {
      last = runSandboxed(code, data, { permissions, mocks, inject: 'never' });
      if (last.error) fail(`the template threw: ${last.error.message}`);
    },
    assertApi: (name: string) => ({
      wasCalled: () => calls().some((c) => c.api === name) || fail(`${name} was not called`),
      wasNotCalled: () => !calls().some((c) => c.api === name) || fail(`${name} was called`),
      wasCalledWith: (...args: unknown[]) =>
        calls().some((c) => c.api === name && same(c.args, args)) ||
        fail(`${name} was not called with ${JSON.stringify(args)}`),
    }),
    assertThat: (actual: unknown) => ({
      isEqualTo: (expected: unknown) => same(actual, expected) || fail(`${String(actual)} is not ${String(expected)}`),
      isNotEqualTo: (expected: unknown) => !same(actual, expected) || fail(`${String(actual)} is ${String(expected)}`),
      isTrue: () => actual === true || fail(`${String(actual)} is not true`),
      isFalse: () => actual === false || fail(`${String(actual)} is not false`),
      isUndefined: () => actual === undefined || fail(`${String(actual)} is not undefined`),
      isDefined: () => actual !== undefined || fail('the value is undefined'),
    }),
    fail,
  };
  vm.runInContext(`${setup}\n${scenario.code}`, vm.createContext(api), { filename: `___TESTS___ ${scenario.name}` });
}
