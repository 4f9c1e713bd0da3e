import { copyFile, mkdir, access } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  LocalWorkspace,
  type PulumiCommand,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";

export interface EngineSettings {
  projectName: string;
  /** The released repository, whose Pulumi.<stack>.yaml seeds a stack's settings. */
  repoDir: string;
  /**
   * The project's `main`: flightdeck's own checkout, where the engine starts dynamic
   * providers and they resolve @pulumi/pulumi. The released repository may be elsewhere.
   */
  programDir: string;
  /** Where the server keeps its own copy of each stack's settings, outside the repository. */
  workspaceDir: string;
  backendUrl: string;
  program: PulumiFn;
  pulumiCommand?: PulumiCommand;
  envVars: Record<string, string>;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** A stack is known when the repository or the server's workspace has its settings file. */
export async function isKnownStack(settings: EngineSettings, stackName: string): Promise<boolean> {
  const file = `Pulumi.${stackName}.yaml`;
  return (
    (await exists(join(settings.workspaceDir, file))) ||
    (await exists(join(settings.repoDir, file)))
  );
}

/**
 * The file backend writes each state file to a temporary file and renames it, but first
 * rewrites a `.attrs` metadata sidecar in place: an engine killed in that moment leaves
 * it empty, and every later command on the stack fails with "failed to load checkpoint:
 * EOF". Pulumi reads nothing from the sidecars, so they are not written at all.
 */
export function crashSafeBackendUrl(backendUrl: string): string {
  if (!backendUrl.startsWith("file://")) return backendUrl;
  const url = new URL(backendUrl);
  if (!url.searchParams.has("metadata")) url.searchParams.set("metadata", "skip");
  return url.href;
}

/**
 * The server writes stack config (hashes, pins) as it deploys, so it works on a copy
 * seeded once from the repository's Pulumi.<stack>.yaml: writing into the checkout
 * would dirty the tree that the next deploy's preflight insists is clean.
 */
export async function openStack(settings: EngineSettings, stackName: string): Promise<Stack> {
  await mkdir(settings.workspaceDir, { recursive: true });
  // The file backend does not create its own folder.
  if (settings.backendUrl.startsWith("file://"))
    await mkdir(fileURLToPath(settings.backendUrl), { recursive: true });
  const file = `Pulumi.${stackName}.yaml`;
  const workspaceFile = join(settings.workspaceDir, file);
  if (!(await exists(workspaceFile)) && (await exists(join(settings.repoDir, file)))) {
    await copyFile(join(settings.repoDir, file), workspaceFile);
  }
  return LocalWorkspace.createOrSelectStack(
    { projectName: settings.projectName, stackName, program: settings.program },
    {
      workDir: settings.workspaceDir,
      pulumiCommand: settings.pulumiCommand,
      envVars: settings.envVars,
      secretsProvider: "passphrase",
      projectSettings: {
        name: settings.projectName,
        runtime: "nodejs",
        main: settings.programDir,
        backend: { url: crashSafeBackendUrl(settings.backendUrl) },
      },
    },
  );
}
