import { parseArgs } from 'node:util';

/** Options shared by the pipeline's command-line tools. */
export const DEFAULT_PATHS = {
  data: 'model/data/online_shoppers_intention.train.csv',
  artifacts: 'model/artifacts',
} as const;

type OptionSpec = Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>;

/** The options a CLI takes, as its errors list them: `--data <value>, --quick`. */
export function optionList(options: OptionSpec, hidden: readonly string[] = []): string {
  return Object.entries(options)
    .filter(([name]) => !hidden.includes(name))
    .map(([name, o]) => (o.type === 'string' ? `--${name} <value>` : `--${name}`))
    .join(', ');
}

/**
 * Parses `--name value` flags strictly. An unknown option, a stray argument or an option without
 * its value is an error that names it and lists the valid options (less `hidden`, the modes only the
 * CLI itself uses), so a typo is answered with what was meant rather than Node's advice about `--`.
 */
export function flags<T extends OptionSpec>(options: T, argv = process.argv.slice(2), hidden: readonly string[] = []) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const err = e as Error & { code?: string };
    const valid = `valid options: ${optionList(options, hidden)}`;
    // Node's messages quote the argument: "Unknown option '--foo'. To specify ...".
    const quoted = /'([^']*)'/.exec(err.message)?.[1] ?? '';
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new Error(`unknown option ${quoted}; ${valid}`, { cause: e });
    if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
      throw new Error(`unexpected argument ${JSON.stringify(quoted)} (every input is an option); ${valid}`, {
        cause: e,
      });
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new Error(`${err.message}; ${valid}`, { cause: e });
    throw e;
  }
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
