import type { OperationView } from "../client/types";
import type { CommandContext } from "./command-context";
import { exitCodes, type ExitCode } from "./exit-codes";
import { followOperation } from "./follow/follow-operation";

/** The path of a stack's route, its name encoded. */
export const stackPath = (stack: string, route = "") =>
  `/stacks/${encodeURIComponent(stack)}${route ? `/${route}` : ""}`;

/**
 * Starts an operation (202 with it) and follows it to its end. A refusal (409 naming the
 * holder, 400, 403, 503…) is thrown before anything started. A rollback to what already
 * runs answers 200 `noop` instead: said, and a success.
 */
export async function startAndFollow(
  { out, client }: CommandContext,
  path: string,
  body: Record<string, unknown>,
): Promise<ExitCode> {
  const api = client();
  const { body: started } = await api.post<
    { deployment: OperationView } | { noop: true; message: string }
  >(path, body);
  if ("noop" in started) {
    out.data(started);
    out.line(started.message);
    return exitCodes.ok;
  }
  const { id, kind, stack, requestedBy } = started.deployment;
  out.line(`${out.color.bold(`${kind} ${id}`)} of ${stack}, as ${requestedBy}`);
  const { exitCode } = await followOperation(api, out, started.deployment, { cancellable: true });
  return exitCode;
}
