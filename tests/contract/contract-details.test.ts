import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startServer, type ServerFixture } from "../support/server-fixture";

interface Operation {
  security?: unknown[];
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema?: Record<string, unknown> }> }
  >;
}

/** What the fuzzer relies on, pinned where a failure names the exact rule that broke. */
describe("the API contract in detail", () => {
  let server: ServerFixture;
  let document: { openapi: string; paths: Record<string, Record<string, Operation>> };

  before(async () => {
    server = await startServer();
    document = (await server.app.inject({ url: "/docs/json" })).json();
  });

  after(() => server.close());

  it("is OpenAPI 3.1, whose schemas are the JSON Schema the routes validate with", () => {
    assert.equal(document.openapi, "3.1.0");
  });

  it("documents the error contract for 401, 403 and 500 on every operation needing a token", () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const statuses = operation.security?.length === 0 ? ["500"] : ["401", "403", "500"];
        for (const status of statuses) {
          const response = operation.responses[status];
          assert.ok(response, `${method} ${path} does not document ${status}`);
          assert.ok(response.description && response.description !== "Default Response");
          const schema = response.content?.["application/json"]?.schema;
          assert.equal(schema?.$ref, "#/components/schemas/Error", `${method} ${path} ${status}`);
        }
      }
    }
  });

  it("describes the event stream as text/event-stream whose data is an OperationEvent", () => {
    const ok = document.paths["/deployments/{id}/events"]?.get?.responses["200"];
    const schema = ok?.content?.["text/event-stream"]?.schema as {
      properties: { data: { contentMediaType: string; contentSchema: { $ref: string } } };
    };
    assert.equal(schema.properties.data.contentMediaType, "application/json");
    assert.equal(schema.properties.data.contentSchema.$ref, "#/components/schemas/OperationEvent");
  });

  it("answers an undeclared method on a known path with 405 and Allow", async () => {
    const base = await server.url();
    for (const [method, path, allow] of [
      ["PATCH", "/health", "GET, HEAD"],
      ["DELETE", "/deployments/e3e70682-c209-4cac-a29f-6fbed82c07cd", "GET, HEAD"],
      ["PUT", "/stacks/production/deploy", "POST"],
      // QUERY carries a body: refused before Fastify would ask for its Content-Type.
      ["QUERY", "/stacks/production", "GET, HEAD"],
    ]) {
      const response = await fetch(`${base}${path}`, { method, headers: server.auth("admin") });
      assert.equal(response.status, 405, `${method} ${path}`);
      assert.equal(response.headers.get("allow"), allow);
      const body = (await response.json()) as { error: { code: string } };
      assert.equal(body.error.code, "method_not_allowed");
    }
    const unknown = await fetch(`${base}/nothing/here`, { headers: server.auth("admin") });
    assert.equal(unknown.status, 404);
  });

  it("does not coerce body types: only the boolean true confirms a rollback", async () => {
    for (const confirm of [1, "true", "yes"]) {
      const response = await server.app.inject({
        method: "POST",
        url: "/stacks/production/rollback",
        headers: server.auth("admin"),
        payload: { services: "all", confirm },
      });
      assert.equal(response.statusCode, 400, JSON.stringify(confirm));
      assert.match(
        response.json<{ error: { message: string } }>().error.message,
        /\/body\/confirm/,
      );
    }
    const force = await server.app.inject({
      method: "POST",
      url: "/stacks/production/deploy",
      headers: server.auth("admin"),
      payload: { force: "true" },
    });
    assert.equal(force.statusCode, 400);
  });

  it("tells a token its name and scopes", async () => {
    const response = await server.app.inject({ url: "/whoami", headers: server.auth("deployer") });
    assert.deepEqual(response.json(), { name: "ci", scopes: ["read", "deploy"] });
    const anonymous = await server.app.inject({ url: "/whoami" });
    assert.equal(anonymous.statusCode, 401);
  });

  it("still reads query numbers from their text", async () => {
    const response = await server.app.inject({
      url: "/deployments?limit=5",
      headers: server.auth("reader"),
    });
    assert.equal(response.statusCode, 200);
  });
});
