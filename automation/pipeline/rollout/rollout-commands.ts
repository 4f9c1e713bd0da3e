import type { RolloutCommand } from "../../domain/rollout-command";
import type { Journal } from "../../journal/journal";

/** The commands asked of one rollout, each read once, in the order asked. */
export interface RolloutCommandReader {
  read(): Promise<RolloutCommand[]>;
}

/**
 * Reads a running deploy's commands from the journal, where any instance's
 * `POST /deployments/:id/pause|resume|promote|abort` wrote them.
 */
export function rolloutCommandReader(
  journal: Pick<Journal, "rolloutCommands">,
  operationId: string,
): RolloutCommandReader {
  let afterSeq = 0;
  return {
    read: async () => {
      const commands = await journal.rolloutCommands(operationId, afterSeq);
      afterSeq = commands.at(-1)?.seq ?? afterSeq;
      return commands;
    },
  };
}
