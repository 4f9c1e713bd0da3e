import { randomUUID } from "node:crypto";
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { isMap, parseDocument } from "yaml";

/** Plain (not secret) values to set, and keys to drop, in a stack's settings. */
export interface PlainConfigChange {
  set?: Record<string, string>;
  remove?: string[];
}

/**
 * Sets plain values and drops keys in the stack's settings file (Pulumi.<stack>.yaml in its
 * workspace) in one atomic rewrite that keeps everything else: secrets, the encryption
 * salt, an operator's comments. What `pulumi config set-all` and `rm-all` do, without an
 * engine start (about 140 ms) each. Keys are full (`flightdeck:apiGitHash`).
 */
export async function changePlainConfig(stack: Stack, change: PlainConfigChange): Promise<void> {
  if (Object.keys(change.set ?? {}).length === 0 && (change.remove ?? []).length === 0) return;
  const path = join(stack.workspace.workDir, `Pulumi.${stack.name}.yaml`);
  const document = parseDocument(await readFile(path, "utf8"));
  const [error] = document.errors;
  if (error) throw new Error(`${path} is not valid YAML: ${error.message}`);
  if (!isMap(document.get("config"))) document.set("config", document.createNode({}));
  for (const [key, value] of Object.entries(change.set ?? {}))
    document.setIn(["config", key], value);
  for (const key of change.remove ?? []) document.deleteIn(["config", key]);
  // Whole or not at all: the file holds the stack's secrets.
  const partial = `${path}.${randomUUID()}.partial`;
  try {
    await writeFile(partial, document.toString(), {
      mode: (await stat(path)).mode & 0o777,
      flag: "wx",
    });
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
