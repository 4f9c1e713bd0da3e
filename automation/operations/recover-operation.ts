import type { AwsClients } from "../aws/aws-clients";
import type { Journal, Operation, PointerIntent, PointerOutcome } from "../journal/journal";
import { liveFromAws, sameWeights } from "../traffic/live-from-aws";
import { readPointer, type ObservedPointer } from "../traffic/read-pointer";
import type { ServiceName } from "../domain/services";
import type { McpSide } from "../domain/mcp-blue-green-outputs";
import { dropRolloutWeights } from "./drop-rollout-weights";
import { promotedMcpSide } from "./promoted-mcp-side";
import { retireIdleMcpSide } from "./retire-idle-mcp-side";

/** Rollback pins to set and to remove, per service. */
export interface PinChanges {
  set: Partial<Record<ServiceName, string>>;
  remove: ServiceName[];
  /** mcp's live side, when AWS has another than the settings say (promotedMcpSide). */
  mcpLiveSide?: McpSide;
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
 * against AWS and recorded, with an event saying what was found; a rollout's weights left
 * in AWS go, so the stable builds serve alone; then the operation ends
 * `interrupted` and its lock is freed. AWS that cannot be read throws, and the
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
  if (current && operation.kind === "deploy")
    await dropRolloutWeights(journal, aws, operation, current, note);
  const changes = pinsAfter(await journal.pointerMoves(operation.id));
  const promoted = current && operation.kind === "deploy" && (await promotedMcpSide(aws, current));
  if (promoted) {
    changes.mcpLiveSide = promoted;
    await note(`recovery: mcp's ${promoted} side has all the traffic; it is the live side now`, {
      service: "mcp",
      liveSide: promoted,
    });
  }
  if (current && operation.kind === "deploy") await retireIdleMcpSide(aws, current, note);
  await pin(operation.stack, changes);
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
