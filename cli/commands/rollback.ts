import { Command, InvalidArgumentError } from "commander";
import { requestRollbackPlan } from "../../client/rollback-dry-run";
import { rollbackQuestion } from "../../client/rollback-plan";
import type { RollbackPlanView, StackView } from "../../client/types";
import { action, withJson, type CommandContext } from "../command-context";
import { CliError, exitCodes, refused, type ExitCode } from "../exit-codes";
import { askYesNo } from "../prompt";
import { planLines } from "../rollback-plan";
import { stackPath, startAndFollow } from "../start-and-follow";

function parseTag(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError("expected a release tag: 1, 2, 3…");
  return Number(value);
}

interface RollbackOptions {
  services?: string;
  to?: number;
  yes?: boolean;
  allowBad?: boolean;
}

/** Yes from the person at the terminal, `--yes`, or a refusal that says which is missing. */
async function confirmed(out: CommandContext["out"], plan: RollbackPlanView, yes: boolean) {
  if (yes) return "yes";
  if (!out.interactive) {
    throw new CliError(
      "a rollback must be confirmed: pass --yes (there is no terminal to ask on)",
      exitCodes.refused,
      "confirmation_required",
      plan,
    );
  }
  return askYesNo(rollbackQuestion(plan));
}

async function rollback(
  context: CommandContext,
  stack: string,
  options: RollbackOptions,
): Promise<ExitCode> {
  const { out } = context;
  const api = context.client();
  const body: Record<string, unknown> = {
    services: options.services ? options.services.split(",").map((s) => s.trim()) : "all",
    ...(options.to !== undefined ? { to: options.to } : {}),
    ...(options.allowBad ? { allowBad: true } : {}),
  };
  const { plan } = await requestRollbackPlan(api, stack, body);
  const view = await api.get<StackView>(stackPath(stack)).catch(() => undefined);
  for (const line of planLines(out, stack, plan, view?.live ?? null)) out.line(line);
  if (plan.changes.length > 0 && (plan.bad?.length ?? 0) > 0 && !options.allowBad) {
    throw refused(
      `release ${plan.to} was rolled back before; pass --allow-bad to go back to it anyway`,
      "bad_release",
    );
  }
  if (plan.changes.length > 0) {
    const answer = await confirmed(out, plan, options.yes === true);
    if (answer === "interrupted") return exitCodes.interrupted;
    if (answer === "no") throw refused("not confirmed: nothing moved", "declined");
  }
  // The target shown is the target confirmed, even if a release lands meanwhile. Nothing
  // to move is confirmed without asking: the server answers that it is a no-op.
  const confirmedBody = { ...body, to: plan.to, confirm: true };
  return startAndFollow(context, stackPath(stack, "rollback"), confirmedBody);
}

export const rollbackCommand = () =>
  withJson(
    new Command("rollback")
      .description("move services back to an earlier release (shows the plan, asks, then follows)")
      .argument("<stack>", "the stack, e.g. production")
      .option("--services <list>", "comma-separated services: api,web,mcp (default: all)")
      .option(
        "--to <tag>",
        "the release tag to go back to (default: the newest good one before)",
        parseTag,
      )
      .option("-y, --yes", "confirm without asking (required where there is no terminal)")
      .option("--allow-bad", "allow going back to a release that was rolled back before"),
  ).action(action(rollback));
