import type { ApiClient } from "../client/api-client";
import type { Output } from "./output";

/**
 * The line every summary ends with when the server releases into `npm run sandbox`'s
 * emulated AWS, so a sandbox's outcome is never taken for production's. A server that
 * cannot say (an older one, a lost connection) gets no line rather than a wrong one.
 */
export async function printSandboxWorldNote(out: Output, client: ApiClient): Promise<void> {
  // Scripts get the documents they asked for, and no extra request.
  if (out.json) return;
  const health = await client.health().catch(() => undefined);
  if (health?.sandboxWorld !== true) return;
  out.line(out.color.magenta("  sandbox: the emulated AWS of npm run sandbox, nothing real moved"));
}
