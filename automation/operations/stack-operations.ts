import { join } from "node:path";
import type { PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import type { FastifyBaseLogger } from "fastify";
import type { AwsClients } from "../aws/aws-clients";
import type { ServerConfig } from "../config";
import { engineFailure } from "../engine/engine-failure";
import { externalLockHeld } from "../engine/external-lock";
import { isKnownStack, openStack, type EngineSettings } from "../engine/open-stack";
import { readStackOutputs, type StackOutputs } from "../domain/stack-outputs";
import { currentLive } from "../journal/current-live";
import type { Journal, OperationKind } from "../journal/journal";
import type { PathMap } from "../pipeline/services-for-paths";
import type { VerifySettings } from "../pipeline/verify-health";
import { repoRoot } from "../../toolchain/paths";
import type { OperationEvents } from "./operation-events";
import type { RunningOperations } from "./running-operations";
import { HttpError } from "../plugins/http-error";
import { startOperation, type OperationWork, type StartResult } from "./start-operation";

export interface StackOperationsOptions extends Pick<
  ServerConfig,
  "rolloutTimeoutMs" | "invalidationWaitMs" | "invalidationPollMs" | "canaryProbeIntervalMs"
> {
  projectName: string;
  repoDir: string;
  dataDir: string;
  backendUrl: string;
  checks: string[];
  pathMap: PathMap;
  verify: VerifySettings;
  program: PulumiFn;
  pulumiCommand?: PulumiCommand;
  engineEnv: Record<string, string>;
  aws: AwsClients;
  journal: Journal;
  operationEvents: OperationEvents;
  runningOperations: RunningOperations;
  log: FastifyBaseLogger;
}

/** Everything an operation on one stack needs, shared by the stack routes. */
export class StackOperations {
  constructor(readonly options: StackOperationsOptions) {}

  engineSettings(stackName: string): EngineSettings {
    const { projectName, repoDir, dataDir, backendUrl, program, pulumiCommand, engineEnv } =
      this.options;
    return {
      projectName,
      repoDir,
      programDir: repoRoot,
      workspaceDir: join(dataDir, "workspaces", stackName),
      backendUrl,
      program,
      pulumiCommand,
      envVars: engineEnv,
    };
  }

  isKnown(stackName: string): Promise<boolean> {
    return isKnownStack(this.engineSettings(stackName), stackName);
  }

  private readonly opened = new Map<string, Promise<Stack>>();

  /**
   * Opens a stack once and keeps it: each open costs CLI calls, and operations on one
   * stack never overlap (the journal's lock), so the same Stack serves them in turn.
   */
  open(stackName: string): Promise<Stack> {
    let stack = this.opened.get(stackName);
    if (!stack) {
      stack = openStack(this.engineSettings(stackName), stackName).catch((error: unknown) => {
        // A failed open is not kept: the next operation tries again.
        this.opened.delete(stackName);
        this.options.log.warn({ err: error, stack: stackName }, "could not open the stack");
        throw engineFailure(error);
      });
      this.opened.set(stackName, stack);
    }
    return stack;
  }

  /** The stack's outputs: cached with its live state, or read from the engine. */
  async outputs(stackName: string): Promise<StackOutputs> {
    const cached = currentLive(this.options.journal, stackName)?.outputs;
    if (cached) return cached;
    return readStackOutputs(await (await this.open(stackName)).outputs());
  }

  async start(
    stackName: string,
    kind: OperationKind,
    requestedBy: string,
    request: Record<string, unknown>,
    work: OperationWork,
  ): Promise<StartResult> {
    const { journal, operationEvents, runningOperations, log, backendUrl, projectName } =
      this.options;
    if (!runningOperations.isAccepting) {
      throw new HttpError(
        503,
        "shutting_down",
        "the server is shutting down; try again once it is back",
      );
    }
    return startOperation(
      { journal, operationEvents, runningOperations, log },
      { stack: stackName, kind, requestedBy, request },
      () => externalLockHeld(backendUrl, projectName, stackName),
      work,
    );
  }
}
