import { existsSync, readFileSync, statSync } from "node:fs";

/**
 * Reads a file of secrets that a variable names, refusing one open to group or others:
 * anyone who can read it holds the secrets, anyone who can write it changes them.
 */
export function readPrivateFile(path: string, variable: string): string {
  if (!existsSync(path)) throw new Error(`${variable} points at ${path}, which does not exist`);
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `${variable} ${path} is open to group or others (mode ${mode.toString(8).padStart(4, "0")}); make it readable only by its owner: chmod 600 ${path}`,
    );
  }
  return readFileSync(path, "utf8");
}
