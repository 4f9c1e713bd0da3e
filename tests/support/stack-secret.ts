import { execFileSync } from "node:child_process";
import { join } from "node:path";
import type { ReleaseWorld } from "./release-server";

/**
 * Sets a secret in the server's settings of a stack with the real CLI, as the README tells
 * operators to: in the stack's workspace, with that stack's own passphrase.
 */
export function setStackSecret(world: ReleaseWorld, stack: string, key: string, value: string) {
  const { PULUMI_CONFIG_PASSPHRASE, ...engineEnv } = world.engine.envVars;
  execFileSync(
    world.engine.pulumiCommand.command,
    ["config", "set", "--secret", key, value, "--stack", stack],
    {
      cwd: join(world.server.dataDir, "workspaces", stack),
      env: {
        ...process.env,
        ...engineEnv,
        PULUMI_CONFIG_PASSPHRASE_FILE: join(world.server.dataDir, "passphrases", stack),
      },
      stdio: "pipe",
    },
  );
}
