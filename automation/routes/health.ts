import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";

export const healthRoute =
  (version: string): FastifyPluginAsyncTypebox =>
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
          response: { 200: Type.Object({ status: Type.Literal("ok"), version: Type.String() }) },
        },
      },
      () => ({ status: "ok" as const, version }),
    );
  };
