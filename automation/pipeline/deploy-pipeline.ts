import type { AwsClients } from "../aws/aws-clients";
import type { SourceRepo } from "../git/source-repo";
import { currentLive } from "../journal/current-live";
import type { Journal, OperationPatch } from "../journal/journal";
import type { ReleaseProgram } from "../operations/stack-operations";
import type { StepRecorder } from "../operations/step-recorder";
import { analyzeRelease } from "./analyze-release";
import type { BakeSettings } from "./bake";
import type { CanarySettings } from "./canary";
import type { CommandEnvironments } from "./command-env";
import type { DatabaseCommands } from "./database-steps";
import type { DeployOutcome } from "./deploy-outcome";
import { releaseProgram } from "./release-program";
import type { PathMap } from "./services-for-paths";
import type { VerifySettings } from "./verify-health";

export interface DeployInput {
  operationId: string;
  stackName: string;
  force: boolean;
  /** The commit to release and the ref it was resolved from. */
  release: { ref: string; commit: string };
  source: SourceRepo;
  checks: string[];
  /** The only environments checks, backup and migrate run with, one each (command-env.ts). */
  commandEnv: CommandEnvironments;
  pathMap: PathMap;
  verify: VerifySettings;
  bake: BakeSettings;
  database: DatabaseCommands;
  /** How long mcp's rollout may take to settle before it counts as failed. */
  rolloutTimeoutMs: number;
  /** Who asked: recorded on a release this deploy marks bad. */
  requestedBy: string;
  /** Deploy the api as a canary first; see canary.ts. */
  canary?: CanarySettings;
  canaryProbeIntervalMs: number;
  journal: Journal;
  aws: AwsClients;
  /** Checks the commit out with its dependencies and opens its program (journaled). */
  openRelease: () => Promise<ReleaseProgram>;
  recorder: StepRecorder;
  signal: AbortSignal;
  /** Journals facts as they become known, so even a crash leaves them behind. */
  note: (patch: OperationPatch) => Promise<void>;
}

export type { DeployOutcome } from "./deploy-outcome";

/** What `POST /stacks/:stack/deploy` does, in order. See docs/architecture.md. */
export async function runDeploy(input: DeployInput): Promise<DeployOutcome> {
  // A failed release goes back to what was live, which a rollback may have made older than the last release.
  const live = await currentLive(input.journal, input.stackName);
  const changes = await analyzeRelease(input);
  if (changes.affected.length === 0) {
    return {
      status: "skipped",
      summary: { reason: "nothing deployable changed since the last release" },
    };
  }

  const program = await input.openRelease();
  try {
    return await releaseProgram(input, program, changes, live);
  } finally {
    await program.dispose();
  }
}
