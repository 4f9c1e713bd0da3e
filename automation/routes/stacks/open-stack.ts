import type { FastifyInstance, FastifyReply } from "fastify";
import type { Principal } from "../../auth/scopes";
import type { GuardedOperation } from "../../doctor/doctor";
import type { OperationKind } from "../../journal/journal";
import type { FollowUp, OperationWork } from "../../operations/operation-work";
import type { StackOperations } from "../../operations/stack-operations";
import { runRefresh } from "../../pipeline/refresh-stack";
import { requireKnownStack } from "./known-stack";
import { replyToStart } from "./reply-to-start";

/** A known stack, as a route that acts on it sees it. */
export interface OpenedStack {
  name: string;
  /** Refuses with 503 naming each missing prerequisite and its fix, before anything runs. */
  require(operation: GuardedOperation): Promise<void>;
  /** A refresh of the program the stack's state follows, journaled as the operation's steps. */
  refresh: OperationWork;
  /** That refresh, to follow an operation that moved pointers outside the engine. */
  settle: FollowUp;
  /**
   * Starts `kind` under the stack's lock once its prerequisites hold, as the principal
   * who asked: 202 with the operation, or 409 naming who holds the stack.
   */
  start(
    kind: OperationKind & GuardedOperation,
    body: Record<string, unknown>,
    work: OperationWork,
  ): Promise<FastifyReply>;
}

/**
 * What every stack route that acts does first: an unknown stack is a 404, not a new
 * stack. What a route checks of its own request comes between this and `start`.
 */
export async function openStack(
  app: FastifyInstance,
  stacks: StackOperations,
  request: { params: { stack: string }; principal: Principal },
  reply: FastifyReply,
): Promise<OpenedStack> {
  const name = request.params.stack;
  await requireKnownStack(stacks, name);
  const require = (operation: GuardedOperation) => app.doctor.require(operation);
  const refresh: OperationWork = (context) =>
    runRefresh({
      openRelease: () => stacks.openCurrentRelease(name, context.signal, context.recorder),
      recorder: context.recorder,
      signal: context.signal,
    });
  return {
    name,
    require,
    refresh,
    settle: {
      kind: "refresh",
      reason: "the engine's state learns the pointers the operation before moved",
      work: refresh,
    },
    start: async (kind, body, work) => {
      await require(kind);
      const result = await stacks.start(name, kind, request.principal.name, body, work);
      return replyToStart(reply, result, app.journal);
    },
  };
}
