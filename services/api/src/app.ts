import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { ApiConfig } from "./config";
import { useErrorContract } from "../../shared/error-contract";
import { healthRoutes } from "./routes/health";

export interface ApiAppOptions {
  /** Fastify's logger option: `true` for JSON lines on stdout (what Lambda ships to CloudWatch). */
  logger?: FastifyServerOptions["logger"];
}

/** The api as one Fastify app: Lambda and a local listener serve the very same routes. */
export function buildApiApp(config: ApiConfig, options: ApiAppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    // The api takes no uploads; anything larger is a mistake or abuse.
    bodyLimit: 64 * 1024,
    return503OnClosing: true,
  });
  useErrorContract(app);
  void app.register(healthRoutes(config));
  return app;
}
