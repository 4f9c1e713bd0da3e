import { randomUUID } from "node:crypto";
import { rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathExists } from "./path-exists";

export type WritableDir = { ok: true; exists: boolean } | { ok: false; reason: string };

/**
 * Whether the server can create files in a directory, found by creating one: permission
 * bits do not tell (root, ACLs, read-only mounts, immutable directories). A directory not
 * there yet counts when its nearest existing parent is writable, since the server makes
 * it on first use; nothing is created here, so a check never leaves folders behind.
 */
export async function writableDir(dir: string): Promise<WritableDir> {
  let existing = dir;
  while (!(await pathExists(existing))) {
    const parent = dirname(existing);
    if (parent === existing) return { ok: false, reason: `no part of ${dir} exists` };
    existing = parent;
  }
  if (!(await stat(existing)).isDirectory())
    return { ok: false, reason: `${existing} is not a directory` };
  const probe = join(existing, `.writable-${randomUUID()}`);
  try {
    await writeFile(probe, "", { flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "an error";
    return { ok: false, reason: `cannot create files in ${existing} (${code})` };
  }
  await rm(probe, { force: true });
  return { ok: true, exists: existing === dir };
}
