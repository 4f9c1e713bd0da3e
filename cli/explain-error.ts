import type { ApiClient } from "../client/api-client";
import { ApiError } from "../client/api-error";
import { CliError, exitCodes } from "./exit-codes";

interface Holder {
  operationId: string;
  kind: string;
  requestedBy: string;
  since: string;
}

function prerequisites(details: unknown): string {
  const missing = (details as { missing?: Array<{ name: string; fix?: string }> })?.missing;
  if (!Array.isArray(missing)) return "";
  return missing
    .map((check) => `\n  ${check.name}: ${check.fix ?? "see GET /health/ready"}`)
    .join("");
}

/**
 * What the user reads for a refused or failed request: the server's message, and what to
 * do next where the answer says. `scopes` are the token's own (from GET /whoami), when known.
 */
export function describeApiError(error: ApiError, scopes?: string[]): CliError {
  const exitCode = error.status >= 500 || error.status === 0 ? exitCodes.failed : exitCodes.refused;
  const fail = (message: string) => new CliError(message, exitCode, error.code, error.details);
  switch (error.status) {
    case 0:
      return fail(`${error.message}: is the server running, and FLIGHTDECK_URL right?`);
    case 401:
      return fail(
        `${error.message}: run flightdeck login, or set FLIGHTDECK_TOKEN to a valid token`,
      );
    case 403: {
      const scope = error.neededScope;
      const has = scopes ? ` (it has: ${scopes.join(", ") || "none"})` : "";
      const need = scope ? `; this needs a token with the "${scope}" scope${has}` : "";
      return fail(`${error.message}${need}`);
    }
    case 409: {
      const holder = (error.details as { holder?: Holder } | undefined)?.holder;
      const follow = holder ? `\n  follow it: flightdeck logs ${holder.operationId} --follow` : "";
      return fail(`${error.message}${follow}`);
    }
    case 503:
      return fail(`${error.message}${prerequisites(error.details)}`);
    default:
      return fail(error.message);
  }
}

/** Turns whatever a request threw into the error the user reads, asking a 403's token what it may do. */
export async function explainError(
  client: ApiClient | undefined,
  error: unknown,
): Promise<unknown> {
  if (!(error instanceof ApiError)) return error;
  const scopes =
    error.status === 403 && client
      ? (await client.whoami().catch(() => undefined))?.scopes
      : undefined;
  return describeApiError(error, scopes);
}
