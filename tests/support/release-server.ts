import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulatedAws, type EmulatedAws } from "../../sandbox-world/emulated-aws";
import { createTestEngine, type TestEngine } from "./pulumi-engine";
import { createReleaseRepo } from "../../sandbox-world/release-repo";
import type { GitRepo } from "../../sandbox-world/git-repo";
import type { AppOptions } from "../../automation/app";
import { startServer, type ServerFixture } from "./server-fixture";

export interface ReleaseWorld {
  aws: EmulatedAws;
  engine: TestEngine;
  repo: GitRepo;
  server: ServerFixture;
  stop(): Promise<void>;
}

/** Quick verification for tests: the same backoff, on a shorter clock. */
export const fastVerify = {
  FLIGHTDECK_VERIFY_INITIAL_DELAY_MS: "50",
  FLIGHTDECK_VERIFY_MAX_DELAY_MS: "400",
  FLIGHTDECK_VERIFY_TIMEOUT_MS: "3000",
  // One look at health and alarms once traffic moved; the bake tests set their own.
  FLIGHTDECK_BAKE_SECONDS: "0",
};

/**
 * Installs of the release project's lockfile, shared by the test files of a run (and
 * kept for the next): an install lands under its final name only once complete, so
 * concurrent servers can share it.
 */
export const sharedDependenciesDir = join(tmpdir(), "flightdeck-test-dependencies");

/**
 * The whole release world: the emulator and the runtime serving the real services, a
 * real engine, a git repository to release (a Pulumi project of the fixture's dynamic
 * resources, pushed to a bare remote the server clones), and the automation server.
 */
export async function startReleaseWorld(
  stacks: string[],
  /** The server's environment, or what makes it once the emulator runs (a bucket, a key). */
  env: Record<string, string> | ((aws: EmulatedAws) => Promise<Record<string, string>>) = {},
  extraEngineEnv: Record<string, string> = {},
  /** Where the server's AWS SDK clients go (a fault proxy); the emulator by default. */
  serverAwsEndpoint?: string,
  /** More of the app's options, e.g. where the dashboard's build is. */
  appOptions: Partial<AppOptions> = {},
): Promise<ReleaseWorld> {
  const aws = await startEmulatedAws();
  const engine = await createTestEngine();
  const repo = createReleaseRepo(stacks, { remote: true });
  // The server keeps its own passphrase in its data directory, as it does in production.
  const { PULUMI_CONFIG_PASSPHRASE, ...engineEnv } = engine.envVars;
  const server = await startServer(
    {
      FLIGHTDECK_REPO_URL: repo.remote!.dir,
      FLIGHTDECK_DEPENDENCIES_DIR: sharedDependenciesDir,
      // Runs in the released commit's worktree, with its dependencies installed.
      FLIGHTDECK_CHECKS: JSON.stringify(["test -f node_modules/@pulumi/pulumi/package.json"]),
      ...fastVerify,
      ...(typeof env === "function" ? await env(aws) : env),
    },
    {
      pulumiCommand: engine.pulumiCommand,
      engineEnv: {
        ...engineEnv,
        ...aws.engineEnv,
        RELEASE_FIXTURE_RUNTIME_URL: aws.runtime.url,
        ...extraEngineEnv,
      },
      aws: { ...aws.aws, endpoint: serverAwsEndpoint ?? aws.aws.endpoint },
      ...appOptions,
    },
  );
  return {
    aws,
    engine,
    repo,
    server,
    stop: async () => {
      await server.app.runningOperations.drain();
      await server.close();
      repo.cleanup();
      await engine.cleanup();
      await aws.stop();
    },
  };
}
