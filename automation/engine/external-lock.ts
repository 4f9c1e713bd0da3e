import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Whether a pulumi process outside this server (an engineer's `pulumi up`) holds the
 * stack's lock. The file backend keeps locks as files under
 * .pulumi/locks/<org>/<project>/<stack>/; other backends are left to the engine, whose
 * concurrent-update error is turned into the same clear message.
 */
export async function externalLockHeld(
  backendUrl: string,
  projectName: string,
  stackName: string,
): Promise<boolean> {
  if (!backendUrl.startsWith("file://")) return false;
  const locks = join(fileURLToPath(backendUrl), ".pulumi", "locks");
  const orgs = await readdir(locks).catch(() => [] as string[]);
  for (const org of orgs) {
    const held = await readdir(join(locks, org, projectName, stackName)).catch(
      () => [] as string[],
    );
    if (held.some((name) => name.endsWith(".json"))) return true;
  }
  return false;
}
