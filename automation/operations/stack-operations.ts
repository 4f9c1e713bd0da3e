import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { engineFailure } from "../engine/engine-failure";
import { externalLockHeld } from "../engine/external-lock";
import {
  hasServerSettings,
  openProgramStack,
  openSettingsStack,
  secretsProviderDrift,
  type EngineSettings,
} from "../engine/open-stack";
import { changePlainConfig } from "../engine/plain-config";
import { programCommitFile, ReleaseStack, writeProgramCommit } from "../engine/release-stack";
import { readStackOutputs, type StackOutputs } from "../domain/stack-outputs";
import { currentLive } from "../journal/current-live";
import type { Operation, OperationKind } from "../journal/journal";
import { installDependencies } from "../release-tree/dependencies";
import { requireRegularFiles, serverReadFiles } from "../release-tree/regular-files";
import { stackPassphrase } from "../engine/engine-passphrase";
import { secretsProviderOf } from "../engine/secrets-provider";
import { confineRelease } from "./confine-release";
import type { ReleaseProgram, StackOperationsOptions } from "./stack-operations-options";

export type { ReleaseProgram, StackOperationsOptions } from "./stack-operations-options";
import { serviceKeys } from "../domain/services";
import { writePins } from "../traffic/move-pointers";
import type { PinChanges } from "./recover-operation";
import { mcpLiveSideConfig } from "../domain/mcp-blue-green-outputs";
import { DomainError, unavailable } from "../domain/domain-error";
import { PipelineError } from "../domain/operation-error";
import { environmentSecrets } from "../secrets/environment-secrets";
import { learnStackSecrets } from "../secrets/stack-secrets";
import { stacksInFileNames, stacksWithServerSettings } from "./known-stacks";
import { startOperation, type OperationWork, type StartResult } from "./start-operation";
import { isFollowUp, supersedeFollowUp } from "./supersede-follow-up";
import type { StepRecorder } from "./step-recorder";
import { EngineLockRecord } from "./engine-lock-record";
import { programCacheDir } from "../sandbox/program-cache";

/** Everything an operation on one stack needs, shared by the stack routes. */
export class StackOperations {
  /** Which engine locks in the S3 state bucket are this server's (see there). */
  private readonly engineLocks?: EngineLockRecord;

  constructor(readonly options: StackOperationsOptions) {
    const { stateBucket, projectName, journal, operationEvents, log } = options;
    if (stateBucket)
      this.engineLocks = new EngineLockRecord({
        bucket: stateBucket,
        projectName,
        journal,
        operationEvents,
        log,
      });
  }

  /** Where every server keeps its worktrees, one folder per server instance. */
  get worktreesRoot(): string {
    return join(this.options.dataDir, "worktrees");
  }

  get worktreesDir(): string {
    return join(this.worktreesRoot, this.options.journal.instanceId);
  }

  /** Where the server keeps each stack's own settings, one folder per stack. */
  get workspacesDir(): string {
    return join(this.options.dataDir, "workspaces");
  }

  /** The server's own side of one stack. */
  private settingsDir(stackName: string): string {
    return join(this.workspacesDir, stackName);
  }

  /**
   * How the engine opens a stack, with that stack's own passphrase (made at its first
   * use): for operations only, never to answer whether a stack exists.
   */
  engineSettings(stackName: string): EngineSettings {
    const { projectName, backendUrl, secretsProvider, pulumiCommand, engineEnv } = this.options;
    const settingsDir = this.settingsDir(stackName);
    const passphrase = stackPassphrase(
      this.options.dataDir,
      stackName,
      existsSync(join(settingsDir, `Pulumi.${stackName}.yaml`)),
      { ...process.env, ...engineEnv },
    );
    // Each stack's own passphrase joins the mask before any run of it can print it.
    for (const value of environmentSecrets(passphrase.env)) this.options.secretMask.add(value);
    if (passphrase.shared)
      this.options.log.warn(
        { stack: stackName },
        "this stack keeps the passphrase all stacks once shared; give it its own with `pulumi stack change-secrets-provider passphrase`",
      );
    return {
      projectName,
      settingsDir,
      backendUrl,
      secretsProvider: secretsProviderOf(secretsProvider, stackName),
      pulumiCommand,
      envVars: { ...engineEnv, ...passphrase.env },
    };
  }

  /** A stack is known when the server keeps its settings or the release branch commits them. */
  async isKnown(stackName: string): Promise<boolean> {
    const { source } = this.options;
    return (
      (await hasServerSettings(this.settingsDir(stackName), stackName)) ||
      (await source.hasFile(source.options.branch, `Pulumi.${stackName}.yaml`))
    );
  }

  /** Every known stack (see isKnown), sorted by name. */
  async knownStacks(): Promise<string[]> {
    const { source } = this.options;
    const committed = stacksInFileNames(await source.rootFiles(source.options.branch));
    const kept = await stacksWithServerSettings(this.workspacesDir);
    return [...new Set([...committed, ...kept])].sort();
  }

  private readonly opened = new Map<string, Promise<Stack>>();

  /**
   * The server's side of a stack, opened once and kept: each open costs CLI calls, and
   * operations on one stack never overlap (the journal's lock).
   */
  settings(stackName: string): Promise<Stack> {
    let stack = this.opened.get(stackName);
    if (!stack) {
      stack = openSettingsStack(this.engineSettings(stackName), stackName).then(
        async (opened) => {
          const configured = secretsProviderOf(this.options.secretsProvider, stackName);
          const drift = await secretsProviderDrift(opened, configured).catch(() => undefined);
          if (drift) this.options.log.warn({ stack: stackName }, drift);
          return opened;
        },
        (error: unknown) => {
          // A failed open is not kept: the next operation tries again.
          this.opened.delete(stackName);
          this.options.log.warn({ err: error, stack: stackName }, "could not open the stack");
          throw engineFailure(error);
        },
      );
      this.opened.set(stackName, stack);
    }
    return stack;
  }

  private programCommitPath(stackName: string): string {
    return join(this.settingsDir(stackName), programCommitFile);
  }

  /** The commit whose program last ran `up` on the stack: its state follows that program. */
  async programCommit(stackName: string): Promise<string | undefined> {
    const commit = await readFile(this.programCommitPath(stackName), "utf8").catch(() => "");
    return commit.trim() || undefined;
  }

  /**
   * Checks the commit out in a worktree of its own, gives it its dependencies (journaled
   * as `checkout` and `install` when a recorder is given) and opens its program.
   */
  async openRelease(
    stackName: string,
    commit: string,
    signal: AbortSignal,
    recorder?: StepRecorder,
  ): Promise<ReleaseProgram> {
    const { source, dependenciesDir, sandbox } = this.options;
    const step = <T>(
      name: string,
      work: () => Promise<T>,
      detail: (r: T) => Record<string, unknown>,
    ) => (recorder ? recorder.step(name, work, detail) : work());
    const tree = await step(
      "checkout",
      () => source.checkout(this.worktreesDir, `${stackName}-${randomUUID()}`, commit),
      (t) => ({ commit: t.commit }),
    );
    try {
      const files = serverReadFiles(stackName);
      await requireRegularFiles(tree.dir, files);
      await sandbox.handOver(tree.dir);
      const install = await step(
        "install",
        () =>
          installDependencies({
            treeDir: tree.dir,
            root: dependenciesDir,
            env: this.options.commandEnv.checks,
            signal,
            instanceId: this.options.journal.instanceId,
            sandbox,
          }),
        ({ lockfileSha256, cached }) => ({ lockfileSha256, cached }),
      );
      // The install's scripts ran in the tree: what the server reads next is looked at again.
      await requireRegularFiles(tree.dir, files);
      const settings = await this.settings(stackName);
      // Before any check or engine run of this operation can print one.
      await learnStackSecrets(settings, this.options.secretMask, this.options.log).catch(
        (error: unknown) => {
          throw engineFailure(error, signal);
        },
      );
      const { engine, start } = confineRelease({
        sandbox,
        engine: this.engineSettings(stackName),
        stackName,
        commit,
        treeDir: tree.dir,
        installDir: install.dir,
        pulumiHome: this.options.engineEnv.PULUMI_HOME,
        programCacheDir: programCacheDir(this.options.dataDir, stackName),
      });
      const program = await openProgramStack(engine, stackName, tree.dir).catch(
        (error: unknown) => {
          throw error instanceof PipelineError ? error : engineFailure(error, signal);
        },
      );
      const stack = await ReleaseStack.create(settings, program, {
        onUp: () => writeProgramCommit(this.programCommitPath(stackName), commit),
        afterRun: (outputs) => this.recordOutputs(stackName, outputs),
        engineLocked: this.engineLocks && (() => this.engineLocks!.recordHeld(stackName)),
      });
      return { dir: tree.dir, commit, stack, start, dispose: () => tree.remove() };
    } catch (error) {
      await tree.remove();
      throw error;
    }
  }

  /**
   * The program that state follows (the last `up`'s commit, else the release branch's
   * tip), for refreshes that must run it, such as a rollback's pin.
   */
  async openCurrentRelease(stackName: string, signal: AbortSignal, recorder?: StepRecorder) {
    const commit =
      (await this.programCommit(stackName)) ??
      (
        await this.options.source.resolve().catch((error: unknown) => {
          // Inside an operation the answer is its journaled code and message, as before: the
          // details a request's refusal carries stay out of the step.
          if (error instanceof DomainError) throw new PipelineError(error.code, error.message);
          throw error;
        })
      ).commit;
    return this.openRelease(stackName, commit, signal, recorder);
  }

  /**
   * For the lease keeper, before it frees the stack of an operation whose owner is gone:
   * removes the S3 engine locks that operation's engine left (engine-lock-record.ts);
   * false while one waits for the stack's checkpoint to stay quiet for `quietMs`.
   */
  async clearEngineLocks(operation: Operation, quietMs: number): Promise<boolean> {
    return (await this.engineLocks?.clearLeftBy(operation, quietMs)) ?? true;
  }

  /** Sets and removes rollback pins (and mcp's live side) in the server's settings of the stack. */
  async changePins(stackName: string, changes: PinChanges): Promise<void> {
    const settings = await this.settings(stackName);
    await writePins(settings, changes.set);
    await changePlainConfig(settings, {
      ...(changes.mcpLiveSide && { set: { [mcpLiveSideConfig]: changes.mcpLiveSide } }),
      remove: changes.remove.map((service) => serviceKeys[service].pinConfig),
    });
  }

  /**
   * Keeps what an engine run left as the stack's outputs, so reads never start the
   * engine. A failure to read them is logged: the operation's own outcome stands.
   */
  private async recordOutputs(
    stackName: string,
    outputs: () => Promise<Record<string, unknown>>,
  ): Promise<void> {
    try {
      await this.options.journal.recordOutputs(stackName, await outputs());
    } catch (error) {
      this.options.log.warn({ err: error, stack: stackName }, "could not record the outputs");
    }
  }

  /** The stack's outputs: cached with its live state, or read from the engine. */
  async outputs(stackName: string): Promise<StackOutputs> {
    const cached = (await currentLive(this.options.journal, stackName))?.outputs;
    if (cached) return cached;
    return readStackOutputs(await (await this.settings(stackName)).outputs());
  }

  async start(
    stackName: string,
    kind: OperationKind,
    requestedBy: string,
    request: Record<string, unknown>,
    work: OperationWork,
  ): Promise<StartResult> {
    const {
      journal,
      operationEvents,
      runningOperations,
      log,
      backendUrl,
      projectName,
      stateBucket,
    } = this.options;
    if (!runningOperations.isAccepting) {
      throw unavailable("shutting_down", "the server is shutting down; try again once it is back");
    }
    const begin = () =>
      startOperation(
        { journal, operationEvents, runningOperations, log },
        { stack: stackName, kind, requestedBy, request },
        () => externalLockHeld(backendUrl, projectName, stackName, stateBucket),
        work,
      );
    const result = await begin();
    // What the server runs on its own after an operation gives way to what is asked for.
    if ("heldBy" in result && isFollowUp(result.heldBy)) {
      if (await supersedeFollowUp(this.options, result.heldBy, requestedBy)) return begin();
    }
    return result;
  }
}
