import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { stackNamePattern } from "../domain/stack-name";
import { pathExists } from "../fs/path-exists";

/** A stack's settings file; names the stack routes could not address are left out. */
const settingsFile = new RegExp(`^Pulumi\\.(${stackNamePattern})\\.yaml$`);

/** The stacks whose settings files are among these file names. */
export function stacksInFileNames(names: string[]): string[] {
  return names.flatMap((name) => settingsFile.exec(name)?.[1] ?? []);
}

/** The stacks the server keeps settings for: `<workspaces>/<stack>/Pulumi.<stack>.yaml`. */
export async function stacksWithServerSettings(workspacesDir: string): Promise<string[]> {
  const entries = await readdir(workspacesDir, { withFileTypes: true }).catch(() => []);
  const found = await Promise.all(
    entries
      .filter((entry) => entry.isDirectory())
      .map(async ({ name }) =>
        (await pathExists(join(workspacesDir, name, `Pulumi.${name}.yaml`))) ? [name] : [],
      ),
  );
  return stacksInFileNames(found.flat().map((name) => `Pulumi.${name}.yaml`));
}
