import type { PulumiCommand } from "@pulumi/pulumi/automation";
import type { FastifyBaseLogger } from "fastify";
import type { AwsClients } from "../aws/aws-clients";
import type { ReleaseStack } from "../engine/release-stack";
import type { StateBucket } from "../engine/state-bucket";
import type { SourceRepo } from "../git/source-repo";
import type { Journal } from "../journal/journal";
import type { ProcessStarter } from "../sandbox/process-starter";
import type { Sandbox } from "../sandbox/sandbox";
import type { SecretMask } from "../secrets/secret-mask";
import type { CommandEnvironments } from "../settings/command-steps";
import type { OperationSettings } from "../settings/operation-settings";
import type { PathMap } from "../settings/path-map";
import type { VerifySettings } from "../settings/verify-settings";
import type { OperationEvents } from "./operation-events";
import type { RunningOperations } from "./running-operations";

/** What StackOperations is built with: the server's settings and its shared services. */
export interface StackOperationsOptions extends OperationSettings {
  projectName: string;
  source: SourceRepo;
  dataDir: string;
  /** Installed dependencies, one folder per lockfile content. */
  dependenciesDir: string;
  backendUrl: string;
  /** The S3 state backend's bucket, where engine locks are objects; none on other backends. */
  stateBucket?: StateBucket;
  /** `passphrase` or a KMS key URL, for the stacks the server creates. */
  secretsProvider: string;
  checks: string[];
  /** The only environments checks, backup and migrate run with, one each (command-env.ts). */
  commandEnv: CommandEnvironments;
  /** Learns each stack's secret config values as operations open it. */
  secretMask: SecretMask;
  pathMap: PathMap;
  verify: VerifySettings;
  pulumiCommand?: PulumiCommand;
  engineEnv: Record<string, string>;
  /** Where the commit's code runs: its install scripts, checks, database commands, engine. */
  sandbox: Sandbox;
  aws: AwsClients;
  journal: Journal;
  operationEvents: OperationEvents;
  runningOperations: RunningOperations;
  log: FastifyBaseLogger;
}

/** A released commit made ready to run: its worktree, dependencies and stack. */
export interface ReleaseProgram {
  dir: string;
  commit: string;
  stack: ReleaseStack;
  /** Starts the commit's commands (checks, backup, migrate) in its sandbox. */
  start: ProcessStarter;
  dispose(): Promise<void>;
}
