import type { FastifyInstance } from "fastify";
import type { ApiConfig } from "../config";

const healthSchema = {
  response: {
    200: {
      type: "object",
      properties: {
        status: { type: "string", enum: ["ok"] },
        gitHash: { type: "string" },
        stage: { type: "string" },
      },
      required: ["status", "gitHash", "stage"],
      // The serializer drops anything not listed, so config can never leak through here.
      additionalProperties: false,
    },
  },
} as const;

/** What flightdeck's verification reads: the release this function version was built from. */
export function healthRoutes(config: ApiConfig) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get("/health", { schema: healthSchema }, () => ({
      status: "ok",
      gitHash: config.gitHash,
      stage: config.stage,
    }));
  };
}
