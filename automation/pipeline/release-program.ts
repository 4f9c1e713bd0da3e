import type { ServiceName } from "../domain/services";
import { readStackOutputs, type StackOutputs } from "../domain/stack-outputs";
import { summarizeEngineEvent } from "../engine/engine-event-summary";
import type { CurrentLive } from "../journal/current-live";
import type { ReleaseProgram } from "../operations/stack-operations";
import type { MoveContext } from "../traffic/journaled-move";
import type { ChangeAnalysis } from "./analyze-changes";
import { bake } from "./bake";
import { runCanaryStep } from "./canary-step";
import { runDatabaseSteps } from "./database-steps";
import type { DeployInput } from "./deploy-input";
import type { DeployOutcome } from "./deploy-outcome";
import { journaledUp } from "./journaled-up";
import { PipelineError } from "../domain/operation-error";
import { recordRelease } from "./record-release";
import { rollBackDeploy, type DeployFailure } from "./roll-back-deploy";
import { runChecks } from "./run-checks";
import { releaseHolds, shiftTraffic } from "./shift-traffic";
import { applyReleaseConfig, releaseConfig } from "./release-config";
import { upStack } from "./up-stack";
import { verifyBeforeTraffic } from "./verify-before-traffic";
import { streamRetries } from "./verify-retry-events";
import { liveTarget } from "./verify-targets";

/**
 * Checks, database steps, `up` with traffic held, verification where no user reaches
 * the new builds, the traffic shift (a canary first when asked), the bake, and the
 * release, of a commit checked out with its dependencies. See docs/architecture.md.
 */
export async function releaseProgram(
  input: DeployInput,
  program: ReleaseProgram,
  changes: ChangeAnalysis,
  live: CurrentLive | undefined,
): Promise<DeployOutcome> {
  const { recorder, signal, note } = input;
  const { commit, stack } = program;
  const { affected } = changes;
  await recorder.step(
    "checks",
    () => runChecks(input.checks, program.dir, input.commandEnv.checks, signal, program.start),
    (r) => r,
  );
  await runDatabaseSteps(
    input.database,
    program.dir,
    input.commandEnv,
    recorder,
    signal,
    program.start,
  );

  const base = {
    journal: input.journal,
    operationId: input.operationId,
    stack: input.stackName,
    aws: input.aws,
  };
  const up = await recorder.step(
    "up",
    async () => {
      const config = releaseConfig(affected, commit, live);
      await applyReleaseConfig(stack, config);
      const { held } = config;
      // Held services do not move in `up`: only what it rolls out gets a write-ahead intent.
      const movedByUp = affected.filter((service) => !held.includes(service));
      const result = await journaledUp(base, live, movedByUp, commit, () =>
        upStack(stack, {
          signal,
          onEvent: (event) => {
            const data = summarizeEngineEvent(event);
            if (data) recorder.emit("engine", data);
          },
        }),
      );
      return { ...result, held, movedByUp };
    },
    (r) => ({ ...r.summary, held: r.held }),
  );
  const outputs = readStackOutputs(up.outputs);
  await note({ summary: up.summary, versions: outputs.pointers });
  const context: MoveContext = { ...base, outputs };
  const { held, movedByUp } = up;
  const fail = (failure: DeployFailure) =>
    rollBackDeploy({ context, stack, live, outputs, recorder, signal }, failure);
  const alarms = [...new Set(affected.flatMap((service) => outputs.alarmNames[service]))];

  const checked = await recorder.step(
    "verify",
    () =>
      verifyBeforeTraffic({
        context,
        live,
        affected,
        commit,
        alarms,
        verify: input.verify,
        rolloutTimeoutMs: input.rolloutTimeoutMs,
        signal,
        onRetry: streamRetries(recorder, "verify"),
      }),
    (r) => ({ ok: r.ok, results: r.health, ...(r.rollout ? { rollout: r.rollout.state } : {}) }),
    (r) => r.ok,
  );
  // Until traffic moves, only what `up` rolled out itself (mcp) has reached users.
  const rolledOutByUp = live ? movedByUp : [];
  if (!checked.ok)
    return fail({
      code: checked.code ?? "verification_failed",
      message: checked.message ?? "verification failed",
      tookTraffic: rolledOutByUp,
      neverServed: held,
    });

  const canary = input.canary && live && held.includes("api") ? input.canary : undefined;
  if (canary && live) {
    const { result, versions } = await runCanaryStep({
      moves: context,
      outputs,
      live,
      commit,
      canary,
      probeIntervalMs: input.canaryProbeIntervalMs,
      recorder,
      signal,
    });
    if (!result.healthy)
      return fail({
        code: "canary_failed",
        message: `the api canary (version ${versions.canary.version}) failed its bake: ${result.reason}; alias live stays on version ${versions.stable.version}`,
        tookTraffic: [...rolledOutByUp, "api"],
        neverServed: held.filter((service) => service !== "api"),
      });
    outputs.pointers.api = versions.canary.version;
  }

  if (live && held.length > 0) {
    const shifted = held.filter((service) => !(canary && service === "api"));
    const moved = await recorder
      .step(
        "traffic",
        () => shiftTraffic(context, live, shifted, commit),
        (moves) => ({ moves }),
      )
      .catch((error: unknown) => {
        if (signal.aborted || !(error instanceof PipelineError)) throw error;
        return error;
      });
    if (moved instanceof PipelineError)
      return fail({
        code: moved.code,
        message: moved.message,
        tookTraffic: affected,
        neverServed: [],
      });
    for (const move of moved) outputs.pointers[move.service] = move.to;
  }

  // Cancelled while users are on the new builds: they go back to what was live.
  const undoOnCancel = async (error: unknown): Promise<never> => {
    if (signal.aborted && live)
      await fail({
        code: "cancelled",
        message: "cancelled",
        tookTraffic: affected,
        neverServed: [],
      });
    throw error;
  };
  const baked = await recorder
    .step(
      "bake",
      () =>
        bake({
          targets: affected.map((service) => liveTarget(service, outputs, commit)),
          alarms,
          aws: input.aws,
          verify: input.verify,
          settings: input.bake,
          signal,
        }),
      (r) => ({
        ok: r.ok,
        seconds: input.bake.seconds,
        rounds: r.rounds,
        health: r.health,
        ...(r.firing ? { firing: r.firing } : {}),
      }),
      (r) => r.ok,
    )
    .catch(undoOnCancel);
  if (!baked.ok) {
    const failure = baked.failure ?? { code: "verification_failed", message: "the bake failed" };
    if (!live)
      return {
        status: "failed",
        error: { ...failure, message: `${failure.message}; no earlier release to roll back to` },
      };
    // It served users, so it is a release, and a bad one: recorded, left at once (the holds
    // still pin what was live), and only then pushed.
    const tag = await release(input, commit, affected, outputs, live, { push: false });
    const outcome = await fail({
      code: failure.code,
      message: `release ${tag}: ${failure.message}`,
      tookTraffic: affected,
      neverServed: [],
      badRelease: {
        tag,
        mark: {
          at: new Date().toISOString(),
          by: input.requestedBy,
          reason: `${failure.message}, in the bake of deploy ${input.operationId}`,
          operationId: input.operationId,
        },
      },
    });
    await recorder.step(
      "push",
      () => input.source.pushTag(tag),
      (push) => ({ tag, push }),
    );
    return outcome;
  }
  // The holds stayed through the bake, so a failed one rolls back onto them; now they go.
  const released = await release(input, commit, affected, outputs, live, {
    push: true,
    before: () => releaseHolds(stack, held, signal),
  }).catch(async (error: unknown) => {
    if (signal.aborted) return undoOnCancel(error);
    const message = error instanceof Error ? error.message : String(error);
    return fail({ code: "release_failed", message, tookTraffic: affected, neverServed: [] });
  });
  if (typeof released !== "number") return released;
  return { status: "succeeded", releaseTag: released, versions: outputs.pointers };
}

/**
 * The `release` step: the next tag on the commit and what each service runs, pushed
 * unless told otherwise; `before` runs first, within the step.
 */
async function release(
  input: DeployInput,
  commit: string,
  affected: ServiceName[],
  outputs: StackOutputs,
  live: CurrentLive | undefined,
  options: { push: boolean; before?: () => Promise<void> },
): Promise<number> {
  const manifest = await input.recorder.step(
    "release",
    async () => {
      await options.before?.();
      const recorded = await recordRelease({
        ...input,
        repoDir: input.source.gitDir,
        stack: input.stackName,
        deploymentId: input.operationId,
        commit,
        affected,
        outputs,
        live,
      });
      const push = options.push ? await input.source.pushTag(recorded.tag) : "after the rollback";
      return { ...recorded, push };
    },
    (r) => ({ tag: r.tag, services: r.services, push: r.push }),
  );
  return manifest.tag;
}
