import type { FastifyInstance } from "fastify";
import type { McpConfig } from "../config";

const healthSchema = {
  response: {
    200: {
      type: "object",
      properties: { status: { type: "string", enum: ["ok"] }, gitHash: { type: "string" } },
      required: ["status", "gitHash"],
      additionalProperties: false,
    },
  },
} as const;

/** What the ALB and flightdeck's verification read: the release this task runs. */
export function healthRoutes(config: McpConfig) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get("/health", { schema: healthSchema }, () => ({ status: "ok", gitHash: config.gitHash }));
  };
}
