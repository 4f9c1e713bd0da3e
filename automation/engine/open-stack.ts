import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LocalWorkspace, Stack, type PulumiCommand } from "@pulumi/pulumi/automation";
import { pathExists } from "../fs/path-exists";
import { PipelineError } from "../domain/operation-error";

export interface EngineSettings {
  projectName: string;
  /** Where the server keeps its own settings of the stack (hashes, pins, secrets), outside any repository. */
  settingsDir: string;
  backendUrl: string;
  /** `passphrase`, or a KMS key URL (config.ts): given to stacks the server creates. */
  secretsProvider: string;
  pulumiCommand?: PulumiCommand;
  envVars: Record<string, string>;
}

/** Whether the server already keeps settings for this stack. */
export async function hasServerSettings(settingsDir: string, stackName: string) {
  return pathExists(join(settingsDir, `Pulumi.${stackName}.yaml`));
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
 * The server's own side of a stack: a workspace with no program, whose
 * Pulumi.<stack>.yaml holds what the server owns. Operators set secrets here
 * (`pulumi config set --secret`); stack outputs are read here without running anything.
 */
export async function openSettingsStack(
  settings: EngineSettings,
  stackName: string,
): Promise<Stack> {
  await mkdir(settings.settingsDir, { recursive: true });
  // The file backend does not create its own folder.
  if (settings.backendUrl.startsWith("file://"))
    await mkdir(fileURLToPath(settings.backendUrl), { recursive: true });
  const workspace = await LocalWorkspace.create({
    workDir: settings.settingsDir,
    pulumiCommand: settings.pulumiCommand,
    envVars: settings.envVars,
    secretsProvider: settings.secretsProvider,
    projectSettings: {
      name: settings.projectName,
      runtime: "nodejs",
      backend: { url: crashSafeBackendUrl(settings.backendUrl) },
    },
  });
  return Stack.createOrSelect(stackName, workspace);
}

/**
 * A stack keeps the secrets provider it was created with: the setting names the provider
 * of new stacks. Moving an existing one is the operator's `pulumi stack
 * change-secrets-provider`, which re-encrypts its secrets; this says when one is due.
 */
export async function secretsProviderDrift(
  stack: Stack,
  configured: string,
): Promise<string | undefined> {
  const { secretsProvider, encryptionSalt } = await stack.workspace.stackSettings(stack.name);
  const current = secretsProvider ?? (encryptionSalt ? "passphrase" : undefined);
  if (current === undefined || current === configured) return undefined;
  // Neither names a secret: a passphrase is never in it, a KMS URL names a key and a region.
  return `stack ${stack.name} keeps its secrets with ${current}, not the configured ${configured}; \`pulumi stack change-secrets-provider\` moves it`;
}

/**
 * The released commit's program: a local-program workspace on its worktree, with the
 * commit's own Pulumi.yaml. The stack must already exist (openSettingsStack made it): a
 * missing one fails the first command run on it.
 */
export async function openProgramStack(
  settings: EngineSettings,
  stackName: string,
  treeDir: string,
): Promise<Stack> {
  const workspace = await LocalWorkspace.create({
    workDir: treeDir,
    pulumiCommand: settings.pulumiCommand,
    envVars: { ...settings.envVars, PULUMI_BACKEND_URL: crashSafeBackendUrl(settings.backendUrl) },
  });
  const { name } = await workspace.projectSettings();
  if (name !== settings.projectName) {
    throw new PipelineError(
      "project_mismatch",
      `the commit's Pulumi.yaml names project "${name}"; this server releases "${settings.projectName}"`,
    );
  }
  // `Stack.select` would run `pulumi stack select` (an engine start) only to learn that the
  // stack exists, which openSettingsStack saw to; every command names its stack anyway.
  const selected = Object.assign(Object.create(workspace) as LocalWorkspace, {
    selectStack: () => Promise.resolve(),
  });
  return Stack.select(stackName, selected);
}
