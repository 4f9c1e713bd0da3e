import { Command } from "commander";
import { rolloutCommandKinds } from "../../automation/domain/rollout-command";
import { requestRolloutCommand } from "../../client/rollout-control";
import type { RolloutCommandKind } from "../../client/types";
import { action, withJson } from "../command-context";
import { exitCodes } from "../exit-codes";

const descriptions: Record<RolloutCommandKind, string> = {
  pause: "hold a running rollout at its weight, without a time limit (deploy scope)",
  resume: "let a paused rollout go on with its steps (deploy scope)",
  promote: "move a running rollout to its next step now, or with --full to 100 % (deploy scope)",
  abort:
    "stop a running rollout: traffic back to the stable version, the release marked bad (rollback scope)",
};

/**
 * `flightdeck pause|resume|promote|abort <id>`: one command per kind, each journaling its
 * command on the server (202) and saying how to watch the rollout act on it.
 */
function rolloutCommand(kind: RolloutCommandKind): Command {
  const command = withJson(
    new Command(kind)
      .description(descriptions[kind])
      .argument("<id>", "the deploy's operation id")
      .option("--reason <text>", "why: journaled with the command and shown with the rollout"),
  );
  if (kind === "promote") command.option("--full", "straight to 100 % rather than the next step");
  return command.action(
    action(async ({ out, client }, id: string, options: { reason?: string; full?: boolean }) => {
      const accepted = await requestRolloutCommand(client(), id, kind, options);
      out.data(accepted);
      const asked = `${kind}${accepted.command.full ? " --full" : ""}`;
      out.line(
        `${asked} asked of the rollout of ${accepted.deployment.kind} ${id} (command ${accepted.command.seq}, by ${accepted.command.by}); follow it: flightdeck logs ${id} --follow`,
      );
      return exitCodes.ok;
    }),
  );
}

export const rolloutCommands = (): Command[] => rolloutCommandKinds.map(rolloutCommand);
