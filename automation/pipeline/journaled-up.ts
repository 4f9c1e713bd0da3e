import type { LiveService } from "../domain/live-state";
import type { ServiceName } from "../domain/services";
import type { CurrentLive } from "../journal/current-live";
import type { MoveContext } from "../traffic/journaled-move";
import { readPointer } from "../traffic/read-pointer";
import type { UpResult } from "./up-stack";
import { readStackOutputs } from "../domain/stack-outputs";

/**
 * Runs `up` write-ahead: before it, each affected service gets an intent to move to
 * this deploy's build (its pointer not known until the engine publishes it); after it,
 * each intent settles on what the engine reports, or, when `up` failed, on what AWS
 * reads. From then until the release, live state says the unreleased build is live.
 */
export async function journaledUp(
  context: Omit<MoveContext, "outputs">,
  live: CurrentLive | undefined,
  affected: ServiceName[],
  commit: string,
  up: () => Promise<UpResult>,
): Promise<UpResult> {
  const { journal, operationId, stack } = context;
  // A stack's first deploy has no live state to keep right: its release creates it.
  const outputs = live?.outputs;
  if (!live || !outputs) return up();
  const intents: Array<{ id: number; service: ServiceName; from: string; target: LiveService }> =
    [];
  for (const service of affected) {
    const before = live.services[service];
    const target = { gitHash: commit, pointer: "", tag: before.tag, unreleased: operationId };
    const id = await journal.openPointerMove({
      operationId,
      stack,
      service,
      from: before.pointer,
      to: "",
      target,
    });
    intents.push({ id, service, from: before.pointer, target });
  }
  const settle = async (pointer: (service: ServiceName) => string | undefined) => {
    for (const intent of intents) {
      const now = pointer(intent.service);
      if (now === undefined) continue;
      await journal.settlePointerMove(
        intent.id,
        now === intent.from
          ? { moved: false }
          : { moved: true, live: { ...intent.target, pointer: now } },
      );
    }
  };
  try {
    const result = await up();
    const pointers = readStackOutputs(result.outputs).pointers;
    await settle((service) => pointers[service]);
    return result;
  } catch (error) {
    // Whatever the engine did before failing, AWS knows; unreadable intents stay open for recovery.
    const read = await Promise.all(
      intents.map((intent) =>
        readPointer(context.aws, outputs, intent.service).then(
          (observed) => [intent.service, observed.pointer] as const,
          () => [intent.service, undefined] as const,
        ),
      ),
    );
    const observed = new Map(read);
    await settle((service) => observed.get(service));
    throw error;
  }
}
