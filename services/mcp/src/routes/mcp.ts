import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { McpConfig } from "../config";
import { createMcpServer } from "../mcp-server";

// On /mcp errors take JSON-RPC's shape (`{ error: { code, message } }` too), which is what
// MCP clients read.
function rpcError(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).send({ jsonrpc: "2.0", error: { code: -32000, message }, id: null });
}

/**
 * MCP over Streamable HTTP, stateless: every POST gets a fresh server and transport and is
 * answered with plain JSON, so any task behind the load balancer can take any request and
 * a rollout loses nothing. The SDK validates each JSON-RPC message against its schemas.
 */
export function mcpRoutes(config: McpConfig) {
  const allowedOrigins = new Set(config.allowedOrigins ?? []);

  async function checkOrigin(request: FastifyRequest, reply: FastifyReply) {
    const { origin } = request.headers;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      return rpcError(reply, 403, "Origin not allowed.");
    }
  }

  return async (app: FastifyInstance): Promise<void> => {
    app.post("/mcp", { onRequest: checkOrigin }, async (request, reply) => {
      const server = createMcpServer(config);
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      await server.connect(transport);
      reply.raw.on("close", () => {
        void transport.close();
        void server.close();
      });
      reply.hijack();
      try {
        await transport.handleRequest(request.raw, reply.raw, request.body);
      } catch (error) {
        request.log.error({ err: error }, "mcp request failed");
        if (!reply.raw.headersSent) {
          reply.raw.writeHead(500, { "content-type": "application/json" });
          reply.raw.end(
            JSON.stringify({
              jsonrpc: "2.0",
              error: { code: -32603, message: "Internal error." },
              id: null,
            }),
          );
        }
      }
    });

    // Without sessions there is no stream to resume and no session to end.
    const noSessions = (_request: FastifyRequest, reply: FastifyReply) =>
      rpcError(reply.header("allow", "POST"), 405, "Method not allowed.");
    app.get("/mcp", noSessions);
    app.delete("/mcp", noSessions);
  };
}
