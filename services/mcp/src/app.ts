import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import Fastify, { type FastifyInstance } from "fastify";
import type { McpConfig } from "./config";
import { createMcpServer } from "./mcp-server";

const methodNotAllowed = {
  jsonrpc: "2.0",
  error: { code: -32000, message: "Method not allowed." },
  id: null,
};

/**
 * Stateless Streamable HTTP: each POST gets a fresh server and transport, so any task
 * behind the load balancer can answer any request and nothing is lost on a rollout.
 */
export function buildMcpApp(
  config: McpConfig,
  options: { logger?: boolean } = {},
): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false });

  app.get(
    "/health",
    {
      schema: {
        response: {
          200: {
            type: "object",
            properties: { status: { type: "string" }, gitHash: { type: "string" } },
            required: ["status", "gitHash"],
          },
        },
      },
    },
    () => ({ status: "ok", gitHash: config.gitHash }),
  );

  app.post("/mcp", async (request, reply) => {
    const server = createMcpServer(config);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    reply.raw.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    reply.hijack();
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });

  // Without sessions there is no stream to resume or session to end.
  app.get("/mcp", (_request, reply) => reply.code(405).send(methodNotAllowed));
  app.delete("/mcp", (_request, reply) => reply.code(405).send(methodNotAllowed));

  return app;
}
