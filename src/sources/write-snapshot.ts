// Writes a synack snapshot atomically: validated against schemas/snapshot.schema.json first, then written
// to a temporary file in the target's folder and renamed over the target — a reader (or an interrupted
// write) never sees half a file, and a failed run leaves an earlier snapshot as it was.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../model/errors.js';
import { validateShape } from './validate.js';

/** The text synack writes for a snapshot document (2-space JSON, final newline). */
export function snapshotText(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export async function writeSnapshot(file: string, doc: unknown): Promise<void> {
  const problems = validateShape('snapshot', doc, file);
  if (problems.length) throw new InputError(problems.map((p) => ({ ...p, message: `not written: ${p.message}` })));
  const text = snapshotText(doc);
  const target = path.resolve(file);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle;
  try {
    handle = await open(temp, 'wx', 0o644);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw new InputError([{ file, message: `cannot write the snapshot: ${reason(err)}` }]);
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'the folder does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'read-only file system';
    default:
      return err.message;
  }
}
