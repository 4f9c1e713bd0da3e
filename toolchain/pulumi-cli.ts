import {
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { delimiter, join } from "node:path";
import { pulumiBinDir, pulumiModuleDir } from "./paths";
import { run, runOrThrow } from "./run";

const cliPackage = "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi";
const versionVariable = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";

export type CliOrigin = "cached" | "found on PATH" | "built from Go modules";

/** `pulumi version` of a binary, or undefined when it does not run. */
function reportedVersion(binary: string): string | undefined {
  const result = run(binary, ["version"], {
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The first `name` on PATH, skipping `excludeDir` (the toolchain's own bin, reported as such). */
export function findOnPath(name: string, excludeDir: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && dir !== excludeDir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The version the committed wrapper module pins, so a lockfile bump is noticed before building. */
function pinnedModuleVersion(): string | undefined {
  const goMod = readFileSync(join(pulumiModuleDir, "go.mod"), "utf8");
  return /github\.com\/pulumi\/pulumi\/pkg\/v3 (v\S+)/.exec(goMod)?.[1];
}

/**
 * Go's environment for fetching modules: through the configured module proxy only. Go's
 * default falls back to cloning from the source host ("direct") when the proxy misses,
 * which this toolchain must never do.
 */
export function proxyOnlyEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const configured = runOrThrow("go", ["env", "GOPROXY"]).trim();
  const proxies = configured
    .split(/[,|]/)
    .filter((entry) => entry !== "" && entry !== "direct" && entry !== "off");
  if (proxies.length === 0) {
    throw new Error(
      `toolchain: GOPROXY "${configured}" names no module proxy to build pulumi from`,
    );
  }
  return { ...process.env, ...extra, GOPROXY: proxies.join(",") };
}

/**
 * Moves the wrapper module to a new version. The checksum database does not serve
 * pulumi's modules through the proxy, so their hashes are taken from the proxy once
 * and then pinned by the committed go.sum.
 */
function repinModule(tag: string): void {
  runOrThrow("go", ["get", `${cliPackage}@${tag}`, `github.com/pulumi/pulumi/sdk/v3@${tag}`], {
    cwd: pulumiModuleDir,
    env: proxyOnlyEnv({ GONOSUMDB: "github.com/pulumi/pulumi" }),
  });
  console.log(`toolchain: re-pinned toolchain/pulumi-cli to ${tag}; commit its go.mod and go.sum`);
}

function build(tag: string, target: string): void {
  if (run("go", ["version"]).status !== 0) {
    throw new Error("toolchain: `go` is not on PATH; it is needed once to build the pulumi CLI");
  }
  if (pinnedModuleVersion() !== tag) repinModule(tag);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  runOrThrow(
    "go",
    [
      "build",
      "-mod=readonly",
      "-buildvcs=false",
      "-trimpath",
      "-ldflags",
      `-X ${versionVariable}=${tag}`,
      "-o",
      partial,
      cliPackage,
    ],
    { cwd: pulumiModuleDir, env: proxyOnlyEnv(), stdio: ["ignore", "pipe", "pipe"] },
  );
  renameSync(partial, target);
}

/**
 * Ensures `<cache>/pulumi/v<version>/bin/pulumi` reports exactly `v<version>`: the
 * Automation API parses that string to decide which features it may use.
 */
export function ensurePulumiCli(version: string): { path: string; origin: CliOrigin } {
  const tag = `v${version}`;
  const binDir = pulumiBinDir(version);
  const target = join(binDir, "pulumi");
  if (existsSync(target) && reportedVersion(target) === tag)
    return { path: target, origin: "cached" };

  mkdirSync(binDir, { recursive: true });
  rmSync(target, { force: true });
  const onPath = findOnPath("pulumi", binDir);
  if (onPath && reportedVersion(onPath) === tag) {
    symlinkSync(realpathSync(onPath), target);
    return { path: target, origin: "found on PATH" };
  }
  build(tag, target);
  const built = reportedVersion(target);
  if (built !== tag) throw new Error(`toolchain: built pulumi reports "${built}", expected ${tag}`);
  return { path: target, origin: "built from Go modules" };
}
