import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The official CLI archive ships this launcher for `pulumi.dynamic` resources. The
 * engine starts it with the project directory as cwd, so `require.resolve` finds the
 * project's own @pulumi/pulumi; the script path must be argv[1] because the provider
 * reads its arguments from process.argv.slice(2).
 */
const launcher = `#!/bin/sh
provider=$(node -p 'require.resolve("@pulumi/pulumi/cmd/dynamic-provider")') || exit 1
exec node "$provider" "$@"
`;

export const launcherName = "pulumi-resource-pulumi-nodejs";

/** Writes the launcher beside the CLI; returns whether it had to be (re)written. */
export function ensureDynamicProviderLauncher(binDir: string): boolean {
  const path = join(binDir, launcherName);
  if (existsSync(path) && readFileSync(path, "utf8") === launcher) return false;
  writeFileSync(path, launcher);
  chmodSync(path, 0o755);
  return true;
}
