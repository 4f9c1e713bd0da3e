import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { openSettingsStack } from "../../automation/engine/open-stack";
import {
  LocalWorkspace,
  PulumiCommand,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";
import { pulumiBinDir, pulumiRoot, repoRoot } from "../../toolchain/paths";

export interface TestEngine {
  /** Holds the file:// backend, PULUMI_HOME and the workspace of this engine only. */
  dir: string;
  backendUrl: string;
  envVars: Record<string, string>;
  pulumiCommand: PulumiCommand;
  cleanup(): Promise<void>;
}

/**
 * A real pulumi CLI from the bootstrapped toolchain on a private file:// backend, with
 * update checks and plugin downloads off: this machine has no route to either.
 */
export async function createTestEngine(): Promise<TestEngine> {
  const dir = await mkdtemp(join(tmpdir(), "flightdeck-engine-"));
  const pulumiCommand = await PulumiCommand.get({ root: pulumiRoot() }).catch((error: unknown) => {
    throw new Error(
      `no pulumi CLI in the toolchain cache; run \`npm run bootstrap\` (${String(error)})`,
    );
  });
  const envVars = {
    PULUMI_HOME: join(dir, "home"),
    PULUMI_CONFIG_PASSPHRASE: "flightdeck-tests",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // The engine finds the dynamic provider launcher on PATH.
    PATH: `${pulumiBinDir()}${delimiter}${process.env.PATH ?? ""}`,
  };
  return {
    dir,
    backendUrl: `file://${join(dir, "state")}`,
    envVars,
    pulumiCommand,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * An inline-program stack. The project's `main` stays inside the checkout because
 * the dynamic provider runs there and must resolve @pulumi/pulumi from it.
 */
export async function createInlineStack(
  engine: TestEngine,
  projectName: string,
  stackName: string,
  program: PulumiFn,
): Promise<Stack> {
  await mkdir(join(engine.dir, "state"), { recursive: true });
  await mkdir(join(engine.dir, "workspace"), { recursive: true });
  return LocalWorkspace.createOrSelectStack(
    { projectName, stackName, program },
    {
      workDir: join(engine.dir, "workspace"),
      pulumiCommand: engine.pulumiCommand,
      envVars: engine.envVars,
      secretsProvider: "passphrase",
      projectSettings: {
        name: projectName,
        runtime: "nodejs",
        main: repoRoot,
        backend: { url: engine.backendUrl },
      },
    },
  );
}

/**
 * The server's own settings stack `production` of project `flightdeck` on the engine, in
 * `<engine dir>/settings`, run by `pulumiCommand` (a counted one, say).
 */
export function openTestSettingsStack(
  engine: TestEngine,
  pulumiCommand: PulumiCommand = engine.pulumiCommand,
): Promise<Stack> {
  return openSettingsStack(
    {
      projectName: "flightdeck",
      settingsDir: join(engine.dir, "settings"),
      backendUrl: engine.backendUrl,
      secretsProvider: "passphrase",
      pulumiCommand,
      envVars: engine.envVars,
    },
    "production",
  );
}
