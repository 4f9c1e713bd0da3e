import { readFileSync } from "node:fs";
import { join } from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { allows, type Principal } from "../automation/auth/scopes";
import { repoRoot } from "../toolchain/paths";
import { ApiError } from "../client/api-error";
import type { ApiClient } from "../client/api-client";
import { flightdeckTools } from "./tools";

const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  version: string;
};

function instructions(principal: Principal, tools: string[]): string {
  return (
    "flightdeck releases three services (api, web, mcp) of one product to AWS stacks such as production. " +
    `This connection acts as token "${principal.name}" (scopes: ${principal.scopes.join(", ")}) and offers: ${tools.join(", ")}. ` +
    "Start with status. deploy and rollback return at once with an operation id: follow it with get_deployment or " +
    "deployment_events until it ends. A rollback is two calls: plan_rollback, show its plan to the user, then " +
    "rollback with its planId. Errors come back as tool errors with the server's code and message."
  );
}

/** Asks the server who the token is, so that only the tools its scopes allow are listed. */
async function whoami(api: ApiClient): Promise<Principal> {
  try {
    return await api.whoami();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      throw new Error(`flightdeck at ${api.baseUrl} refused the token: ${error.message}`);
    }
    throw error;
  }
}

/** flightdeck's MCP server for one token, on no transport yet. */
export async function createFlightdeckMcpServer(api: ApiClient): Promise<McpServer> {
  const principal = await whoami(api);
  const tools = flightdeckTools.filter((tool) => allows(principal, tool.scope));
  if (tools.length === 0) {
    throw new Error(
      `token "${principal.name}" has no scope any tool needs (read, deploy, rollback or admin)`,
    );
  }
  const server = new McpServer(
    { name: "flightdeck", version },
    {
      instructions: instructions(
        principal,
        tools.map((tool) => tool.name),
      ),
    },
  );
  for (const tool of tools) tool.register(server, api);
  return server;
}
