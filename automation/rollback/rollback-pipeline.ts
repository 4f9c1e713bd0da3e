import type { AwsClients } from "../aws/aws-clients";
import type { ServiceName } from "../domain/services";
import type { StackOutputs } from "../domain/stack-outputs";
import type { Journal, OperationPatch } from "../journal/journal";
import type { FollowUp, OperationOutcome } from "../operations/operation-work";
import type { StepRecorder } from "../operations/step-recorder";
import { verifyHealth } from "../pipeline/verify-health";
import type { VerifySettings } from "../settings/verify-settings";
import { liveTarget } from "../pipeline/verify-targets";
import { streamRetries } from "../pipeline/verify-retry-events";
import { movePointers, pinsOf, type PointerTargets } from "../traffic/move-pointers";
import { PartialMoveError } from "../traffic/partial-move-error";
import { describePlan, type RollbackPlan } from "./plan-rollback";
import type { PointerMove } from "../traffic/pointer-move";
import { recordMovedPointers } from "../traffic/record-moved-pointers";
import { waitForRollout } from "../traffic/wait-for-rollout";

export interface RollbackInput {
  operationId: string;
  requestedBy: string;
  plan: RollbackPlan;
  journal: Journal;
  aws: AwsClients;
  verify: VerifySettings;
  rolloutTimeoutMs: number;
  /** The stack's outputs, from the journal's live state when it has them. */
  readOutputs: () => Promise<StackOutputs>;
  /** Writes rollback pins into the server's settings of the stack. */
  pin: (pins: Partial<Record<ServiceName, string>>) => Promise<void>;
  /** Brings the engine's state in line with the moved pointers, after the rollback reported. */
  settle: FollowUp;
  recorder: StepRecorder;
  signal: AbortSignal;
  note: (patch: OperationPatch) => Promise<void>;
}

/**
 * Each service goes to the target release's build. A service that ran a later release
 * leaves that release marked bad, so no default rollback brings it back.
 */
function rollbackTargets(plan: RollbackPlan, input: RollbackInput): PointerTargets {
  const { target } = plan;
  return {
    service: (name) => ({ ...target.services[name], tag: target.tag }),
    bad: (name) => {
      const live = plan.live.services[name];
      if (live.unreleased || live.tag <= target.tag) return undefined;
      return {
        tag: live.tag,
        at: new Date().toISOString(),
        by: input.requestedBy,
        reason: `rolled back to release ${target.tag}`,
        operationId: input.operationId,
      };
    },
  };
}

/**
 * What `POST /stacks/:stack/rollback` does: move the pointers (never a rebuild), record
 * what is live, wait for ECS, pin the moved services so the next `up` keeps them, then
 * verify health like a deploy. A partial failure still records and pins what moved. The
 * engine's state catches up with the moves in a refresh that follows, once the rollback
 * has reported: no engine run is on its way.
 */
export async function runRollback(input: RollbackInput): Promise<OperationOutcome> {
  const { plan, journal, recorder, signal, note } = input;
  const services = plan.changes.map((change) => change.service);
  await note({ affectedServices: services, releaseTag: plan.target.tag });
  const outputs = plan.live.outputs ?? (await input.readOutputs());

  // Moves settle into live state; a journal older than live state gets one first.
  if (!(await journal.liveState(plan.stack))) {
    const updatedAt = new Date().toISOString();
    await journal.saveLiveState({
      stack: plan.stack,
      services: plan.live.services,
      outputs,
      updatedAt,
    });
  }
  const context = {
    journal,
    operationId: input.operationId,
    stack: plan.stack,
    aws: input.aws,
    outputs,
  };
  let failure: Error | undefined;
  let moves: PointerMove[];
  try {
    moves = await recorder.step(
      "pointers",
      () =>
        movePointers(
          context,
          rollbackTargets(plan, input),
          services,
          input.operationId,
          "rollback_incomplete",
        ),
      (m) => ({ ...describePlan(plan), moves: m }),
    );
  } catch (error) {
    if (!(error instanceof PartialMoveError)) throw error;
    // What moved before the failure is live all the same: it is journaled and pinned below.
    failure = error;
    moves = error.moves;
  }
  await note({ versions: Object.fromEntries(moves.map((move) => [move.service, move.to])) });

  if (moves.some((move) => move.service === "mcp" && move.moved)) {
    // A rollout wait that ends early (cancelled, shut down, AWS failing) still leaves the pins to write.
    failure ??= await recorder
      .step(
        "rollout",
        () => waitForRollout(input.aws, outputs, input.rolloutTimeoutMs, signal),
        (state) => ({ ...state }),
      )
      .then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      );
  }

  if (moves.length > 0) {
    await recorder.step(
      "pin",
      async () => {
        const pins = pinsOf(moves);
        await input.pin(pins);
        await recordMovedPointers(journal, plan.stack, pinsOf(moves.filter((m) => m.moved)));
        return { pins };
      },
      (r) => r,
    );
  }

  if (failure) throw failure;

  const verification = await recorder.step(
    "verify",
    () =>
      verifyHealth(
        plan.changes.map((change) => liveTarget(change.service, outputs, change.gitHash)),
        input.verify,
        signal,
        streamRetries(recorder, "verify"),
      ),
    (r) => ({ ok: r.ok, results: r.results }),
    (r) => r.ok,
  );
  const live = await journal.liveState(plan.stack);
  const versions = Object.fromEntries(
    Object.entries(live?.services ?? {}).map(([service, entry]) => [service, entry.pointer]),
  );
  const summary = { to: plan.target.tag, moves };
  // Every ending from here moved pointers the engine has not seen.
  const then = moves.some((move) => move.moved) ? { then: input.settle } : {};
  if (!verification.ok) {
    const failing = verification.results.filter((r) => !r.ok).map((r) => r.service);
    return {
      status: "failed",
      versions,
      summary,
      ...then,
      error: {
        code: "verification_failed",
        message: `rolled back to release ${plan.target.tag}, but health of ${failing.join(", ")} did not report its hash in time`,
      },
    };
  }
  const uninvalidated = moves.find((move) => move.invalidationError);
  if (uninvalidated) {
    return {
      status: "failed",
      versions,
      summary,
      ...then,
      error: {
        code: "invalidation_failed",
        message: `rolled back to release ${plan.target.tag}, but invalidating the web entry points failed (${uninvalidated.invalidationError}); caches may serve the old page until POST /stacks/${plan.stack}/invalidate succeeds`,
      },
    };
  }
  return { status: "succeeded", versions, summary, ...then };
}
