import type { AwsClients } from "../aws/aws-clients";
import { readStackOutputs } from "../domain/stack-outputs";
import { summarizeEngineEvent } from "../engine/engine-event-summary";
import type { SourceRepo } from "../git/source-repo";
import { currentLive, type CurrentLive } from "../journal/current-live";
import type { Journal, OperationPatch, OperationStatus } from "../journal/journal";
import type { ReleaseProgram } from "../operations/stack-operations";
import type { StepRecorder } from "../operations/step-recorder";
import { movePointers, pinAndRefresh } from "../rollback/move-pointers";
import { journaledUp } from "./journaled-up";
import { analyzeChanges, type ChangeAnalysis } from "./analyze-changes";
import type { CanarySettings } from "./canary";
import { holdApiAlias, runCanaryStep } from "./canary-step";
import { preflight } from "./preflight";
import { recordRelease } from "./record-release";
import { runChecks } from "./run-checks";
import type { PathMap } from "./services-for-paths";
import { applyReleaseConfig, upStack } from "./up-stack";
import { verifyHealth, type VerifySettings } from "./verify-health";

export interface DeployInput {
  operationId: string;
  stackName: string;
  force: boolean;
  /** The commit to release and the ref it was resolved from. */
  release: { ref: string; commit: string };
  source: SourceRepo;
  checks: string[];
  pathMap: PathMap;
  verify: VerifySettings;
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
  note: (patch: OperationPatch) => void;
}

export type DeployOutcome = OperationPatch & { status: OperationStatus };

/** What `POST /stacks/:stack/deploy` does, in order. See ../shared/design.md. */
export async function runDeploy(input: DeployInput): Promise<DeployOutcome> {
  const { recorder, journal, note } = input;
  const previous = journal.latestRelease(input.stackName);
  // A failed release goes back to what was live, which a rollback may have made older than the last release.
  const live = currentLive(journal, input.stackName);

  const { commit } = await recorder.step(
    "preflight",
    () => preflight(input.source, input.stackName, input.release),
    (r) => r,
  );
  note({ commit });

  const changes = await recorder.step(
    "change-analysis",
    () =>
      analyzeChanges({
        ...input,
        repoDir: input.source.gitDir,
        commit,
        baseCommit: previous?.commit,
      }),
    (r) => ({
      baseCommit: r.baseCommit,
      changedFiles: r.changedFiles.slice(0, 100),
      affected: r.affected,
      reason: r.reason,
    }),
  );
  note({ affectedServices: changes.affected });
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

/** Where this deploy's pointer moves are journaled, and the AWS they are read back from. */
const moveContext = (input: DeployInput) => ({
  journal: input.journal,
  operationId: input.operationId,
  stack: input.stackName,
  aws: input.aws,
});

/** Checks, `up`, verification, canary and release of a commit checked out with its dependencies. */
async function releaseProgram(
  input: DeployInput,
  program: ReleaseProgram,
  changes: ChangeAnalysis,
  live: CurrentLive | undefined,
): Promise<DeployOutcome> {
  const { recorder, signal, note } = input;
  const { commit } = program;
  await recorder.step(
    "checks",
    () => runChecks(input.checks, program.dir, signal),
    (r) => r,
  );

  // A canary needs a stable version to share traffic with, and applies to the api only.
  const canary =
    input.canary && live && changes.affected.includes("api") ? input.canary : undefined;
  const { stack, ...up } = await recorder.step(
    "up",
    async () => {
      const { stack } = program;
      await applyReleaseConfig(stack, changes.affected, commit);
      if (canary && live) await holdApiAlias(stack, live);
      const result = await journaledUp(moveContext(input), live, changes.affected, commit, () =>
        upStack(stack, {
          signal,
          onEvent: (event) => {
            const data = summarizeEngineEvent(event);
            if (data) recorder.emit("engine", data);
          },
        }),
      );
      return { ...result, stack };
    },
    (r) => r.summary,
  );
  const outputs = readStackOutputs(up.outputs);
  note({ summary: up.summary, versions: outputs.pointers });

  /** Moves the affected services back to what was live and ends the deploy rolled back. */
  const rollBack = async (error: { code: string; message: string }): Promise<DeployOutcome> => {
    if (!live)
      return {
        status: "failed",
        error: { ...error, message: `${error.message}; no earlier release to roll back to` },
      };
    const moves = await recorder.step(
      "rollback",
      async () => {
        const context = { ...moveContext(input), outputs };
        // Every affected service is pinned to what was live, moved or not, so no later
        // `up` brings this build back; the pins are written even if a move fails.
        const pins = Object.fromEntries(
          changes.affected.map((service) => [service, live.services[service].pointer]),
        );
        try {
          return await movePointers(
            context,
            { service: (name) => live.services[name] },
            changes.affected,
            input.operationId,
          );
        } finally {
          await pinAndRefresh(stack, pins, signal);
        }
      },
      (m) => ({ moves: m }),
    );
    const versions = { ...outputs.pointers };
    for (const move of moves) versions[move.service] = move.to;
    return { status: "failed", rolledBack: true, versions, error };
  };

  // Under a canary the api is judged by its bake, not by this check.
  const verified = changes.affected.filter((service) => !(canary && service === "api"));
  const verification = await recorder.step(
    "verify",
    () =>
      verifyHealth(
        verified.map((service) => ({
          service,
          url: outputs.healthUrls[service],
          expectedHash: commit,
        })),
        input.verify,
        signal,
      ),
    (r) => ({ ok: r.ok, results: r.results }),
    (r) => r.ok,
  );
  if (!verification.ok) {
    const failing = verification.results.filter((r) => !r.ok).map((r) => r.service);
    return rollBack({
      code: "verification_failed",
      message: `health of ${failing.join(", ")} did not report ${commit} in time`,
    });
  }

  if (canary && live) {
    const { result, versions } = await runCanaryStep({
      moves: { ...moveContext(input), outputs },
      stack,
      outputs,
      live,
      commit,
      canary,
      probeIntervalMs: input.canaryProbeIntervalMs,
      recorder,
      signal,
    });
    if (!result.healthy) {
      return rollBack({
        code: "canary_failed",
        message: `the api canary (version ${versions.canary.version}) failed its bake: ${result.reason}; alias live stays on version ${versions.stable.version}`,
      });
    }
    outputs.pointers.api = versions.canary.version;
  }

  const release = await recorder.step(
    "release",
    async () => {
      const manifest = await recordRelease({
        ...input,
        repoDir: input.source.gitDir,
        stack: input.stackName,
        deploymentId: input.operationId,
        commit,
        affected: changes.affected,
        outputs,
        live,
      });
      return { ...manifest, push: await input.source.pushTag(manifest.tag) };
    },
    (r) => ({ tag: r.tag, services: r.services, push: r.push }),
  );
  return { status: "succeeded", releaseTag: release.tag, versions: outputs.pointers };
}
