import type { AwsClients } from "../aws/aws-clients";
import type { SourceRepo } from "../git/source-repo";
import type { Journal, OperationPatch } from "../journal/journal";
import type { FollowUp } from "../operations/operation-work";
import type { ReleaseProgram } from "../operations/stack-operations";
import type { StepRecorder } from "../operations/step-recorder";
import type { BakeSettings } from "../settings/bake-settings";
import type { CommandEnvironments } from "../settings/command-steps";
import type { DatabaseCommands } from "../settings/database-commands";
import type { PathMap } from "../settings/path-map";
import type { VerifySettings } from "../settings/verify-settings";
import type { RolloutStrategy } from "../settings/rollout-strategy";

/** What one deploy is asked to do, and by whom. */
export interface DeployRequest {
  operationId: string;
  stackName: string;
  force: boolean;
  /** The commit to release and the ref it was resolved from. */
  release: { ref: string; commit: string };
  /** Who asked: recorded on a release this deploy marks bad. */
  requestedBy: string;
  /** Each service's rollout asked for (a canary is the api's one-step rollout); else the stack's default. */
  rollout?: { api?: RolloutStrategy; mcp?: RolloutStrategy };
  /** A hotfix during an incident: watched alarms in ALARM do not stop it; the canary is judged on its own metrics. */
  incident?: { reason: string };
}

/** The server's settings a deploy reads, and no others. */
export interface DeploySettings {
  checks: string[];
  /** The only environments checks, backup and migrate run with, one each (command-env.ts). */
  commandEnv: CommandEnvironments;
  pathMap: PathMap;
  verify: VerifySettings;
  bake: BakeSettings;
  database: DatabaseCommands;
  /** How long mcp's rollout may take to settle before it counts as failed. */
  rolloutTimeoutMs: number;
  canaryProbeIntervalMs: number;
}

/** Whom a deploy talks to: the journal, AWS, the repository, the commit's program, its operation. */
export interface DeployCollaborators {
  journal: Journal;
  aws: AwsClients;
  source: SourceRepo;
  /** Checks the commit out with its dependencies and opens its program (journaled). */
  openRelease: () => Promise<ReleaseProgram>;
  recorder: StepRecorder;
  signal: AbortSignal;
  /** Journals facts as they become known, so even a crash leaves them behind. */
  note: (patch: OperationPatch) => Promise<void>;
  /** Brings the engine's state in line with pointers the deploy moved, after it reported. */
  settle: FollowUp;
}

/** What one deploy is given: its request, its settings and its collaborators. */
export type DeployInput = DeployRequest & DeploySettings & DeployCollaborators;

/** The deploy settings out of the server's, named one by one so nothing else rides along. */
export function deploySettings(settings: DeploySettings): DeploySettings {
  const { checks, commandEnv, pathMap, verify, bake, database } = settings;
  const { rolloutTimeoutMs, canaryProbeIntervalMs } = settings;
  return {
    checks,
    commandEnv,
    pathMap,
    verify,
    bake,
    database,
    rolloutTimeoutMs,
    canaryProbeIntervalMs,
  };
}
