import type { EngineSettings } from "../engine/open-stack";
import { engineBinds } from "../sandbox/engine-binds";
import type { ProcessStarter } from "../sandbox/process-starter";
import type { Sandbox } from "../sandbox/sandbox";
import { sandboxedPulumi } from "../sandbox/sandboxed-pulumi";

export interface ReleaseToConfine {
  sandbox: Sandbox;
  /** The stack's engine settings, as the server's own side of the stack runs them. */
  engine: EngineSettings;
  stackName: string;
  commit: string;
  treeDir: string;
  /** The install the tree's node_modules links to. */
  installDir: string;
  /** The server's PULUMI_HOME, whose plugins the engine may run. */
  pulumiHome?: string;
  /** The stack's own cache of its program's compiled TypeScript. */
  programCacheDir: string;
}

/**
 * A released commit's engine and commands, each confined to its sandbox: the engine's
 * CLI runs there for every call of the program's workspace, and commands start there with
 * the commit and stack they release (the repository itself is not in the sandbox).
 */
export function confineRelease(release: ReleaseToConfine): {
  engine: EngineSettings;
  start: ProcessStarter;
} {
  const { sandbox, engine, stackName, commit, treeDir, installDir } = release;
  const binds = engineBinds({
    sandbox,
    treeDir,
    installDir,
    backendUrl: engine.backendUrl,
    pulumiHome: release.pulumiHome,
    programCacheDir: release.programCacheDir,
  });
  const start: ProcessStarter = (command, args, cwd, env) =>
    sandbox.spawn(command, args, {
      cwd,
      env: { ...env, RELEASE_COMMIT: commit, RELEASE_STACK: stackName },
      writable: [treeDir],
      readOnly: [installDir],
    });
  if (!sandbox.enabled || !engine.pulumiCommand) return { engine, start };
  return {
    engine: { ...engine, pulumiCommand: sandboxedPulumi(engine.pulumiCommand, sandbox, binds) },
    start,
  };
}
