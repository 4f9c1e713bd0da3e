import { CliError, exitCodes } from "./exit-codes";

/** A non-2xx answer, read through the server's error contract. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    /** The challenge of a 401/403: a 403's names the scope the token lacks. */
    readonly wwwAuthenticate: string | null,
  ) {
    super(message);
  }

  /** The scope a 403 names (RFC 6750 `insufficient_scope`), if it names one. */
  missingScope(): string | undefined {
    return /scope="([^"]+)"/.exec(this.wwwAuthenticate ?? "")?.[1];
  }
}

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
  const exitCode = error.status >= 500 ? exitCodes.failed : exitCodes.refused;
  const fail = (message: string) => new CliError(message, exitCode, error.code, error.details);
  switch (error.status) {
    case 401:
      return fail(
        `${error.message}: run flightdeck login, or set FLIGHTDECK_TOKEN to a valid token`,
      );
    case 403: {
      const scope = error.missingScope();
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
