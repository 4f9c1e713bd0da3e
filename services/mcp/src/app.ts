import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { McpConfig } from "./config";
import { useErrorContract } from "../../shared/error-contract";
import { healthRoutes } from "./routes/health";
import { mcpRoutes } from "./routes/mcp";

export interface McpAppOptions {
  /** Fastify's logger option: `true` for JSON lines on stdout (what ECS ships to CloudWatch). */
  logger?: FastifyServerOptions["logger"];
}

/** The mcp service: `/health` for the load balancer and releases, `/mcp` for MCP clients. */
export function buildMcpApp(config: McpConfig, options: McpAppOptions = {}): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });
  useErrorContract(app);
  void app.register(healthRoutes(config));
  void app.register(mcpRoutes(config));
  return app;
}
