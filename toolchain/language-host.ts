import { existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { proxyOnlyEnv } from "./pulumi-cli";
import { repoRoot } from "./paths";
import { run, runOrThrow } from "./run";

/**
 * The engine runs a local program through `pulumi-language-nodejs`, found beside the
 * CLI. Since v3.69 it is a module of its own that the Go module proxy does not serve
 * (`go list -m -versions github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3`
 * answers 403), so it is built from the newest sdk/v3 that still contains it. It only
 * starts `node @pulumi/pulumi/cmd/run` from the program's own node_modules, so the
 * program runs on the SDK version its lockfile installed.
 */
const hostPackage = "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs";
export const languageHostName = "pulumi-language-nodejs";
const moduleDir = join(repoRoot, "toolchain", "pulumi-language-nodejs");

export type LanguageHostOrigin = "cached" | "built from Go modules";

/** Ensures `<binDir>/pulumi-language-nodejs` exists; it answers `-help` when it runs. */
export function ensureLanguageHost(binDir: string): { path: string; origin: LanguageHostOrigin } {
  const target = join(binDir, languageHostName);
  if (existsSync(target) && run(target, ["-help"]).status !== null)
    return { path: target, origin: "cached" };
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  runOrThrow(
    "go",
    ["build", "-mod=readonly", "-buildvcs=false", "-trimpath", "-o", partial, hostPackage],
    { cwd: moduleDir, env: proxyOnlyEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  renameSync(partial, target);
  return { path: target, origin: "built from Go modules" };
}
