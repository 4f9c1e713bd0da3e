import { Command } from "commander";
import type { OperationView } from "../../client/types";
import { action, withJson } from "../command-context";
import { exitCodes } from "../exit-codes";

export const cancelCommand = () =>
  withJson(
    new Command("cancel")
      .description("stop a running operation cleanly (a deploy that moved traffic moves it back)")
      .argument("<id>", "the operation's id"),
  ).action(
    action(async ({ out, client }, id: string) => {
      const { body } = await client().post<{ deployment: OperationView }>(
        `/deployments/${encodeURIComponent(id)}/cancel`,
      );
      out.data(body);
      out.line(
        `cancelling ${body.deployment.kind} ${id}; follow it: flightdeck logs ${id} --follow`,
      );
      return exitCodes.ok;
    }),
  );
