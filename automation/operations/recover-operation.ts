import type { AwsClients } from "../aws/aws-clients";
import type { Journal, Operation, PointerIntent, PointerOutcome } from "../journal/journal";
import { moveApiPointer } from "../traffic/move-api-pointer";
import { liveFromAws, sameWeights } from "../traffic/live-from-aws";
import { readPointer, type ObservedPointer } from "../traffic/read-pointer";
import { recoverMcpWeights } from "./recover-mcp-weights";
import type { ServiceName } from "../domain/services";

/** Rollback pins to set and to remove, per service. */
export interface PinChanges {
  set: Partial<Record<ServiceName, string>>;
  remove: ServiceName[];
}

/** How an open intent ended, judged by what AWS reports now. */
async function outcomeOf(
  intent: PointerIntent,
  observed: ObservedPointer,
  journal: Journal,
): Promise<PointerOutcome> {
  const { target } = intent;
  const reached =
    intent.to === ""
      ? observed.pointer !== intent.from
      : observed.pointer === intent.to && sameWeights(observed.weights, target.weights);
  if (reached) return { moved: true, live: { ...target, pointer: observed.pointer } };
  if (observed.pointer === intent.from) return { moved: false };
  // Neither where it was nor where it was going: live state takes what AWS says.
  const releases = await journal.listReleases(intent.stack);
  return { moved: true, live: liveFromAws(intent.service, observed, releases, target) };
}

/**
 * Settles an operation whose server is gone: each pointer move it left open is resolved
 * against AWS and recorded, with an event saying what was found; a rollout's weight left
 * on the alias or on mcp's listener goes, so the stable build serves alone; then the
 * operation ends `interrupted` and its lock is freed. AWS that cannot be read throws, and the
 * operation stays claimed (and its stack locked) for the next attempt.
 */
export async function recoverOperation(
  journal: Journal,
  aws: AwsClients,
  pin: (stack: string, changes: PinChanges) => Promise<void>,
  operation: Operation,
): Promise<Operation | undefined> {
  const live = await journal.liveState(operation.stack);
  const note = async (message: string, data: Record<string, unknown>) => {
    await journal.appendEvent(operation.id, "log", { message, ...data });
  };
  const open = (await journal.pointerMoves(operation.id)).filter(
    (intent) => intent.state === "open",
  );
  for (const intent of open) {
    if (!live) break;
    const observed = await readPointer(aws, live.outputs, intent.service);
    const outcome = await outcomeOf(intent, observed, journal);
    await journal.settlePointerMove(intent.id, outcome);
    await note(
      outcome.moved
        ? `recovery: ${intent.service} runs ${observed.pointer} in AWS; live state records it`
        : `recovery: ${intent.service} still runs ${intent.from}; the move to ${intent.to || "a new build"} did not happen`,
      { service: intent.service, journal: intent.from, aws: observed.pointer },
    );
  }
  const current = await journal.liveState(operation.stack);
  // Whether asked for or the stack's default, a deploy's rollout never means to leave a weight.
  if (current && operation.kind === "deploy") {
    const api = await readPointer(aws, current.outputs, "api");
    if (api.weights) {
      const context = {
        journal,
        operationId: operation.id,
        stack: operation.stack,
        aws,
        outputs: current.outputs,
      };
      const stable = liveFromAws(
        "api",
        { pointer: api.pointer },
        await journal.listReleases(operation.stack),
        current.services.api,
      );
      // The same move a rollback makes: alias on its version, no extra weights.
      await moveApiPointer(context, { ...stable, weights: undefined });
      await note(
        `recovery: removed the rollout's weight ${JSON.stringify(api.weights)}; version ${api.pointer} serves alone`,
        {
          service: "api",
          aws: api.pointer,
          weights: api.weights,
        },
      );
    }
    await recoverMcpWeights(journal, aws, operation, current, note);
  }
  await pin(operation.stack, pinsAfter(await journal.pointerMoves(operation.id)));
  return journal.settleInterrupted(operation.id);
}

/**
 * The pins that make the next `up` keep what the operation's moves left live: a service
 * moved onto a release's build is pinned to it; one moved onto a build no release has
 * yet (an unfinished deploy's) follows its hash config, unpinned.
 */
function pinsAfter(moves: PointerIntent[]): PinChanges {
  const last = new Map(moves.filter((m) => m.state === "moved").map((m) => [m.service, m.target]));
  const changes: PinChanges = { set: {}, remove: [] };
  for (const [service, target] of last) {
    if (target.unreleased) changes.remove.push(service);
    else changes.set[service] = target.pointer;
  }
  return changes;
}
