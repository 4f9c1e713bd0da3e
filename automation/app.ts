import Fastify, { type FastifyInstance } from "fastify";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../toolchain/paths";
import type { ServerConfig } from "./config";

const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  version: string;
};

/** Builds the app without listening, so tests can drive it over real or injected HTTP. */
export function buildApp(config: ServerConfig): FastifyInstance {
  const app = Fastify({ logger: { level: config.logLevel } });
  app.get(
    "/health",
    {
      schema: {
        response: {
          200: {
            type: "object",
            properties: { status: { type: "string" }, version: { type: "string" } },
            required: ["status", "version"],
          },
        },
      },
    },
    () => ({ status: "ok", version }),
  );
  return app;
}
