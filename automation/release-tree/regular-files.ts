import { lstat, rm } from "node:fs/promises";
import { join } from "node:path";
import { PipelineError } from "../domain/operation-error";

/** The names a Pulumi settings file may have, as the Automation API looks for them. */
export const settingsFileNames = (base: string) =>
  ["yaml", "yml", "json"].map((ext) => `${base}.${ext}`);

/** The files of a worktree the server itself reads or writes. */
export function serverReadFiles(stack: string): string[] {
  const names = [...settingsFileNames("Pulumi"), ...settingsFileNames(`Pulumi.${stack}`)];
  return [...names, "package.json", "package-lock.json", ".npmrc"];
}

/**
 * Refuses a tree in which a file the server reads or writes is anything but a regular
 * file: a link the commit placed (or its install scripts left) would have the server read
 * or overwrite what it points to, such as its tokens.
 */
export async function requireRegularFiles(treeDir: string, names: string[]): Promise<void> {
  for (const name of names) {
    const stat = await lstat(join(treeDir, name)).catch(() => undefined);
    if (stat && !stat.isFile())
      throw new PipelineError(
        "unsafe_tree",
        `${name} in the released commit is not a regular file (a link or a folder); the server reads and writes it, so it must be a plain file`,
        { file: name },
      );
  }
}

/**
 * Before the server writes a file in a worktree that released code has run in: anything
 * but a regular file (a link placed by a check, say) goes, so the write never follows it.
 */
export async function removeUnlessRegular(treeDir: string, names: string[]): Promise<void> {
  for (const name of names) {
    const path = join(treeDir, name);
    const stat = await lstat(path).catch(() => undefined);
    if (stat && !stat.isFile()) await rm(path, { recursive: true, force: true });
  }
}
