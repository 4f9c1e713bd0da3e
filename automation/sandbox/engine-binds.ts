import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { prepareProgramCache, programCacheEnv } from "./program-cache";
import type { Sandbox } from "./sandbox";
import type { EngineBinds } from "./sandboxed-pulumi";

export interface EngineBindsInput {
  sandbox: Sandbox;
  treeDir: string;
  installDir: string;
  backendUrl: string;
  /** The stack's own cache of its program's compiled TypeScript (program-cache.ts). */
  programCacheDir: string;
  /** The server's PULUMI_HOME, whose plugins the engine may run but not change. */
  pulumiHome?: string;
}

/**
 * What a release's engine sees: its worktree, the install it links to (read-only), the
 * plugins (read-only), its stack's program cache and, on the file backend, the state
 * folder it must write. Nothing else of the data directory.
 */
export function engineBinds(input: EngineBindsInput): EngineBinds {
  const { sandbox, treeDir, installDir, backendUrl, programCacheDir } = input;
  const stateDir = backendUrl.startsWith("file://") ? fileURLToPath(backendUrl) : undefined;
  const plugins = join(input.pulumiHome ?? join(homedir(), ".pulumi"), "plugins");
  return {
    cwd: treeDir,
    writable: stateDir ? [treeDir, programCacheDir, stateDir] : [treeDir, programCacheDir],
    readOnly: [installDir],
    pluginsDir: existsSync(plugins) ? plugins : undefined,
    env: programCacheEnv(programCacheDir),
    prepare: async () => {
      await prepareProgramCache(programCacheDir);
      if (!stateDir) return sandbox.handOver(programCacheDir);
      // The server's own engine runs (stack settings, outputs) may have added files since.
      await mkdir(stateDir, { recursive: true });
      await sandbox.handOver(programCacheDir, stateDir);
    },
  };
}
