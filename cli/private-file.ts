import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Replaces `path` with `text`, readable by its owner only, in a folder only they may
 * enter. Written to a temporary file beside it and renamed over it, so that a crash or a
 * full disk leaves the old file or the new one, never half of one, and the secret is
 * never in a file with a wider mode, not even for a moment.
 */
export function writePrivateFileAtomically(path: string, text: string): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // An existing folder keeps its mode through mkdirSync.
  chmodSync(folder, 0o700);
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    const fd = openSync(temporary, "wx", 0o600);
    try {
      // The umask may only have narrowed it; this makes it exactly 0600.
      fchmodSync(fd, 0o600);
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(folder);
}

/** Makes the rename itself durable; where a folder cannot be synced the rename still stands. */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, "r");
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a directory.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
