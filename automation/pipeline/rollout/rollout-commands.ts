import type { RolloutCommand } from "../../domain/rollout-command";
import type { Journal } from "../../journal/journal";

/** The commands asked of one rollout, each read once, in the order asked. */
export interface RolloutCommandReader {
  read(): Promise<RolloutCommand[]>;
}

/**
 * Reads a running deploy's commands from the journal, where any instance's
 * `POST /deployments/:id/pause|resume|promote|abort` wrote them, from those after
 * `afterSeq` on: a deploy's later rollout does not act on what an earlier one was asked.
 */
export function rolloutCommandReader(
  journal: Pick<Journal, "rolloutCommands">,
  operationId: string,
  afterSeq = 0,
): RolloutCommandReader {
  let cursor = afterSeq;
  return {
    read: async () => {
      const commands = await journal.rolloutCommands(operationId, cursor);
      cursor = commands.at(-1)?.seq ?? cursor;
      return commands;
    },
  };
}
