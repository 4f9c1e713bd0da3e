import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { HealthSchema } from "./schemas";

export const healthRoute =
  (version: string, sandboxWorld: boolean): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/health",
      {
        config: { public: true },
        schema: {
          summary: "The server's own health and version",
          tags: ["server"],
          // Public: the document must not ask for the bearer token here.
          security: [],
          response: { 200: HealthSchema },
        },
      },
      () => ({ status: "ok" as const, version, sandboxWorld }),
    );
  };
