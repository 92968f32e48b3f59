/**
 * The parent/child protocol of `npm run train`: the two variants train at the same time in two
 * child processes of the same command (tfjs's wasm backend uses one core; the budget is 5 minutes
 * on 2 cores). The parent forks itself with `--variant <name>` and an IPC channel; the child trains
 * that variant and sends exactly one {@link ChildMessage}. The channel uses the structured-clone
 * serialisation, so the weights cross as a Uint8Array and the error as a plain string.
 */
import { fork } from 'node:child_process';
import type { Variant } from '../../../src/features/types';
import type { VariantArtifacts } from '../artifacts/package';

/** The flag that puts `train` into child mode. */
export const CHILD_FLAG = '--variant';

/** What a child sends its parent before it exits: its packaged variant, or why it failed. */
export type ChildMessage = { kind: 'done'; output: VariantArtifacts } | { kind: 'failed'; message: string };

/** Whether this process was forked by {@link trainInChild}, i.e. can report over the IPC channel. */
export function hasParent(): boolean {
  return typeof process.send === 'function';
}

/**
 * Trains one variant in a child process of this command (the same flags plus `--variant`). Its
 * progress lines are passed through to this process's stderr; rejects with the child's own error
 * message when it reports one, else with its exit code.
 */
export function trainInChild(variant: Variant): Promise<VariantArtifacts> {
  return new Promise((resolve, reject) => {
    const child = fork(process.argv[1], [...process.argv.slice(2), CHILD_FLAG, variant], {
      execArgv: process.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    // If this process ends first (the other variant failed), the child goes with it.
    const stop = (): void => void child.kill();
    process.once('exit', stop);
    // Piped and forwarded rather than inherited: once this process has printed its error and exited,
    // the other child cannot add a progress line after it.
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => process.stderr.write(chunk));
    let reported: ChildMessage | null = null;
    child.on('message', (m: ChildMessage) => (reported = m));
    child.on('error', reject);
    // 'close' comes after the child's last message and the end of its stderr.
    child.on('close', (code) => {
      process.off('exit', stop);
      const r = reported as ChildMessage | null;
      if (r?.kind === 'failed') reject(new Error(r.message));
      else if (r?.kind === 'done' && code === 0) resolve(r.output);
      else reject(new Error(`training ${variant} exited with code ${String(code)}`));
    });
  });
}

/**
 * The child's side: runs `train` and sends its outcome to the parent. On failure the child exits
 * with code 1 without printing: the parent prints the one error line, as for its own failures.
 */
export async function reportToParent(train: () => Promise<VariantArtifacts>): Promise<void> {
  let message: ChildMessage;
  try {
    message = { kind: 'done', output: await train() };
  } catch (e) {
    message = { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
  }
  // Sent before exiting: process.exit would drop a message still queued on the channel.
  await new Promise<void>((resolve, reject) =>
    (process.send as NonNullable<typeof process.send>)(message, undefined, undefined, (e) =>
      e ? reject(e) : resolve(),
    ),
  );
  if (message.kind === 'failed') process.exit(1);
}
