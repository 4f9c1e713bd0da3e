import type { McpServer, ToolCallback } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { Scope } from "../automation/auth/scopes";
import { ApiError } from "../client/api-error";
import type { ApiClient } from "../client/api-client";

/** A refusal decided by a tool itself rather than the server, such as a stale plan id. */
export class ToolRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ToolRefusal";
  }
}

export interface ToolSpec<In extends z.ZodRawShape, Out extends z.ZodObject> {
  name: string;
  /** The token scope the route behind the tool needs; tools outside the token's are not listed. */
  scope: Scope;
  title: string;
  description: string;
  annotations: ToolAnnotations;
  input: In;
  output: Out;
  /** The structured result and one line for the agent to read first. */
  run(
    args: z.infer<z.ZodObject<In>>,
    api: ApiClient,
  ): Promise<{ result: z.infer<Out>; summary: string }>;
}

/** A tool as the server registers it, its types erased so tools of any shape fit one list. */
export interface FlightdeckTool {
  name: string;
  scope: Scope;
  register(server: McpServer, api: ApiClient): void;
}

export function defineTool<In extends z.ZodRawShape, Out extends z.ZodObject>(
  spec: ToolSpec<In, Out>,
): FlightdeckTool {
  return {
    name: spec.name,
    scope: spec.scope,
    register(server, api) {
      const call = async (args: z.infer<z.ZodObject<In>>): Promise<CallToolResult> => {
        try {
          const { result, summary } = await spec.run(args, api);
          return {
            // Many clients show the model only the text: it carries the whole result too.
            content: [{ type: "text", text: `${summary}\n${JSON.stringify(result)}` }],
            structuredContent: result,
          };
        } catch (error) {
          return toolError(error);
        }
      };
      server.registerTool(
        spec.name,
        {
          title: spec.title,
          description: spec.description,
          inputSchema: spec.input,
          outputSchema: spec.output,
          annotations: { title: spec.title, ...spec.annotations },
        },
        // The SDK infers the arguments from the shape only for a concrete one.
        call as unknown as ToolCallback<In>,
      );
    },
  };
}

/**
 * A failure as a tool result the agent can read and act on (isError, with the error
 * contract's code, message and details), never a protocol error.
 */
export function toolError(error: unknown): CallToolResult {
  let body: { code: string; message: string; status?: number; details?: unknown };
  if (error instanceof ApiError) {
    body = { code: error.code, message: error.message, status: error.status };
    if (error.details !== undefined) body.details = error.details;
  } else if (error instanceof ToolRefusal) {
    body = { code: error.code, message: error.message };
    if (error.details !== undefined) body.details = error.details;
  } else {
    body = { code: "tool_failed", message: error instanceof Error ? error.message : String(error) };
  }
  return {
    isError: true,
    content: [
      { type: "text", text: `${body.code}: ${body.message}\n${JSON.stringify({ error: body })}` },
    ],
  };
}
