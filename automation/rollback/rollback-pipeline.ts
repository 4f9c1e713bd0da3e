import type { AwsClients } from "../aws/aws-clients";
import type { LiveState } from "../domain/live-state";
import type { StackOutputs } from "../domain/stack-outputs";
import type { Journal, OperationPatch, OperationStatus } from "../journal/journal";
import type { ReleaseProgram } from "../operations/stack-operations";
import type { StepRecorder } from "../operations/step-recorder";
import { verifyHealth, type VerifySettings } from "../pipeline/verify-health";
import { movePointers, PartialRollbackError, pinAndRefresh } from "./move-pointers";
import { describePlan, type RollbackPlan } from "./plan-rollback";
import type { PointerMove } from "./pointer-move";
import { waitForRollout } from "./wait-for-rollout";

export interface RollbackInput {
  operationId: string;
  plan: RollbackPlan;
  journal: Journal;
  aws: AwsClients;
  verify: VerifySettings;
  rolloutTimeoutMs: number;
  /** The stack's outputs, from the journal's live state when it has them. */
  readOutputs: () => Promise<StackOutputs>;
  /** The program the stack's state follows, checked out to refresh after pinning. */
  openProgram: () => Promise<ReleaseProgram>;
  recorder: StepRecorder;
  signal: AbortSignal;
  note: (patch: OperationPatch) => void;
}

/** The live state once `moves` are done: moved services run the target release's build. */
function liveAfter(plan: RollbackPlan, outputs: StackOutputs, moves: PointerMove[]): LiveState {
  const services = { ...plan.live.services };
  for (const move of moves) {
    services[move.service] = { ...plan.target.services[move.service], tag: plan.target.tag };
  }
  return { stack: plan.stack, services, outputs, updatedAt: new Date().toISOString() };
}

/**
 * What `POST /stacks/:stack/rollback` does: move the pointers (never a rebuild), record
 * what is live, wait for ECS, pin the moved services so the next `up` keeps them, then
 * verify health like a deploy. A partial failure still records and pins what moved.
 */
export async function runRollback(
  input: RollbackInput,
): Promise<OperationPatch & { status: OperationStatus }> {
  const { plan, journal, recorder, signal, note } = input;
  const services = plan.changes.map((change) => change.service);
  note({ affectedServices: services, releaseTag: plan.target.tag });
  const outputs = plan.live.outputs ?? (await input.readOutputs());

  let failure: PartialRollbackError | undefined;
  let moves: PointerMove[];
  try {
    moves = await recorder.step(
      "pointers",
      () => movePointers(input.aws, outputs, plan.target, services, input.operationId),
      (m) => ({ ...describePlan(plan), moves: m }),
    );
  } catch (error) {
    if (!(error instanceof PartialRollbackError)) throw error;
    // What moved before the failure is live all the same: record it and pin it below.
    failure = error;
    moves = error.moves;
  }
  const live = liveAfter(plan, outputs, moves);
  journal.saveLiveState(live);
  note({ versions: Object.fromEntries(moves.map((move) => [move.service, move.to])) });

  if (moves.some((move) => move.service === "mcp" && move.moved)) {
    await recorder.step(
      "rollout",
      () => waitForRollout(input.aws, outputs, input.rolloutTimeoutMs, signal),
      (state) => ({ ...state }),
    );
  }

  const moved = moves.map((move) => move.service);
  if (moved.length > 0) {
    await recorder.step("pin", async () => {
      const program = await input.openProgram();
      try {
        await pinAndRefresh(program.stack, plan.target, moved, signal);
      } finally {
        await program.dispose();
      }
    });
  }

  if (failure) throw failure;

  const verification = await recorder.step(
    "verify",
    () =>
      verifyHealth(
        plan.changes.map((change) => ({
          service: change.service,
          url: outputs.healthUrls[change.service],
          expectedHash: change.gitHash,
        })),
        input.verify,
        signal,
      ),
    (r) => ({ ok: r.ok, results: r.results }),
    (r) => r.ok,
  );
  const versions = Object.fromEntries(
    Object.entries(live.services).map(([service, entry]) => [service, entry.pointer]),
  );
  const summary = { to: plan.target.tag, moves };
  if (!verification.ok) {
    const failing = verification.results.filter((r) => !r.ok).map((r) => r.service);
    return {
      status: "failed",
      versions,
      summary,
      error: {
        code: "verification_failed",
        message: `rolled back to release ${plan.target.tag}, but health of ${failing.join(", ")} did not report its hash in time`,
      },
    };
  }
  return { status: "succeeded", versions, summary };
}
