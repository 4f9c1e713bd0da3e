import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { installKey } from "../automation/release-tree/dependencies";
import type { ReleaseWorld } from "../tests/support/release-server";

const run = promisify(execFile);

export interface HandCheckout {
  dir: string;
  /** The pulumi CLI in the checkout, as the engineer types it; its output when it succeeds. */
  pulumi(...args: string[]): Promise<string>;
  /** The release repository's `commit`, fetched and checked out. */
  checkout(commit: string): Promise<void>;
  remove(): Promise<void>;
}

/**
 * What an engineer releasing by hand works in: a clone of the release repository with its
 * dependencies installed (linked from the server's install of the same lockfile), and a
 * stack of their own, `stack`, on the world engine's backend, with production's committed
 * settings laid over by `pulumi config set` (its own stage, so its AWS resources are its
 * own) and every service's hash at the clone's commit. No sandbox: their own machine.
 */
export async function handCheckout(
  world: ReleaseWorld,
  dependenciesDir: string,
  stack: string,
): Promise<HandCheckout> {
  const dir = await mkdtemp(join(tmpdir(), "flightdeck-bench-hand-"));
  const git = (...args: string[]) => run("git", args, { cwd: dir });
  const env = {
    ...process.env,
    ...world.engine.envVars,
    ...world.aws.engineEnv,
    PULUMI_BACKEND_URL: world.engine.backendUrl,
    RELEASE_FIXTURE_RUNTIME_URL: world.aws.runtime.url,
    // As the server runs a released program: its checks step, not the engine, typechecks.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
  };
  const pulumi = async (...args: string[]) => {
    const { stdout } = await run(world.engine.pulumiCommand.command, args, {
      cwd: dir,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  };
  try {
    await run("git", ["clone", "--quiet", world.repo.remote!.dir, dir]);
    await symlink(
      join(dependenciesDir, await installKey(dir), "node_modules"),
      join(dir, "node_modules"),
    );
    // The file backend does not create its own folder.
    await mkdir(fileURLToPath(world.engine.backendUrl), { recursive: true });
    await pulumi("stack", "init", stack, "--secrets-provider", "passphrase");
    const committed = JSON.parse(
      await pulumi("config", "--json", "--config-file", "Pulumi.production.yaml"),
    ) as Record<string, { value?: string; secret: boolean }>;
    const head = (await git("rev-parse", "HEAD")).stdout.trim();
    const settings: Record<string, string> = {};
    for (const [key, { value, secret }] of Object.entries(committed))
      if (!secret && value !== undefined) settings[key] = value;
    Object.assign(settings, {
      "flightdeck:stage": stack,
      "flightdeck:apiGitHash": head,
      "flightdeck:webGitHash": head,
      "flightdeck:mcpGitHash": head,
    });
    for (const [key, value] of Object.entries(settings)) await pulumi("config", "set", key, value);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    pulumi,
    checkout: async (commit) => {
      await git("fetch", "--quiet", "origin");
      await git("checkout", "--quiet", "--detach", commit);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
