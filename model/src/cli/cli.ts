import { parseArgs } from 'node:util';

/** Options shared by the pipeline's command-line tools. */
export const DEFAULT_PATHS = {
  data: 'model/data/online_shoppers_intention.train.csv',
  artifacts: 'model/artifacts',
} as const;

/** Parses `--name value` flags strictly: an unknown flag is an error that names it. */
export function flags<T extends Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>>(
  options: T,
  argv = process.argv.slice(2),
) {
  return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
}

/**
 * Runs a CLI body and turns any failure into one line on stderr and exit code 1. A stack trace
 * (or the wasm backend's habit of printing its module on an uncaught error) would bury the cause.
 */
export function runMain(body: () => Promise<void>): void {
  body().then(
    () => process.exit(0),
    (e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      process.stderr.write(`error: ${message.split('\n')[0]}\n`);
      process.exit(1);
    },
  );
}
