import type { AwsClients } from "../aws/aws-clients";
import type { LiveService } from "../domain/live-state";
import type { ServiceName } from "../domain/services";
import type { StackOutputs } from "../domain/stack-outputs";
import type { Journal, PointerOutcome } from "../journal/journal";
import { readPointer } from "./read-pointer";

/** What journaling a pointer move needs: where it is recorded and how to read AWS back. */
export interface MoveContext {
  journal: Journal;
  operationId: string;
  stack: string;
  aws: AwsClients;
  outputs: StackOutputs;
}

export interface IntendedMove {
  service: ServiceName;
  from: string;
  to: string;
  /** What the service runs once moved. */
  target: LiveService;
  /** The release a rollback moves away from, marked bad once it has. */
  bad?: Extract<PointerOutcome, { moved: true }>["bad"];
}

/**
 * Makes one pointer move write-ahead: the intent is journaled before the AWS call and
 * settled as soon as the call answered, in one transaction with the live state. When the
 * call fails, AWS is read back: a call that landed anyway is recorded as moved. An
 * intent that cannot be settled stays open for recovery or a reconcile to resolve.
 */
export async function journaledMove(
  context: MoveContext,
  move: IntendedMove,
  call: () => Promise<void>,
): Promise<void> {
  const { journal } = context;
  const id = await journal.openPointerMove({
    operationId: context.operationId,
    stack: context.stack,
    service: move.service,
    from: move.from,
    to: move.to,
    target: move.target,
  });
  const moved: PointerOutcome = { moved: true, live: move.target, bad: move.bad };
  try {
    await call();
  } catch (error) {
    const observed = await readPointer(context.aws, context.outputs, move.service).catch(
      () => undefined,
    );
    if (observed?.pointer === move.to && !observed.weights === !move.target.weights)
      await journal.settlePointerMove(id, moved);
    else if (observed) await journal.settlePointerMove(id, { moved: false });
    throw error;
  }
  await journal.settlePointerMove(id, moved);
}
