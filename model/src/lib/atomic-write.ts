/** Files and folders that appear whole or not at all: written under a temporary name beside them, then renamed. */
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes a file via a temporary name and a rename, so readers never see half of it. */
export function writeFileAtomically(file: string, content: string): void {
  writeFileSync(`${file}.tmp-${process.pid}`, content);
  renameSync(`${file}.tmp-${process.pid}`, file);
}

/**
 * Streams lines into `file` atomically: they go to a temporary file beside it, which replaces
 * `file` only after the last line is written. On any error, including one thrown by `lines`
 * itself, the temporary file is removed and `file` is left as it was. Lines are written in
 * batches of about 1 MB (a million generated sessions are ~120 MB; one write per line is slow).
 */
export async function writeLinesAtomically(
  file: string,
  lines: Iterable<string> | AsyncIterable<string>,
): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(tmp);
  try {
    let chunk = '';
    for await (const line of lines) {
      chunk += `${line}\n`;
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    out.end(chunk);
    await once(out, 'finish');
    renameSync(tmp, file);
  } catch (e) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes a whole folder tree atomically: everything goes into a sibling temporary folder that
 * replaces `target` only once complete, so an interrupted run never leaves partial artifacts.
 */
export function writeFolderAtomically(target: string, files: Record<string, string | Uint8Array>): void {
  const tmp = `${target}.tmp-${process.pid}`;
  const old = `${target}.old-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    for (const [name, content] of Object.entries(files)) {
      const file = path.join(tmp, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    if (existsSync(target)) renameSync(target, old);
    renameSync(tmp, target);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(target) && existsSync(old)) renameSync(old, target);
    throw e;
  }
}
