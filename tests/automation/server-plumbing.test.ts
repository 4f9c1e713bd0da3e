import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { buildApp } from "../../automation/app";
import { loadConfig } from "../../automation/config";
import type { OperationEvent } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { parseEventStream, readEventStream } from "../support/event-stream-reader";
import { startServer, tokens, type ServerFixture } from "../support/server-fixture";

interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ field: string }> };
}

/** Reads a Server-Sent Events stream to its end and returns the events it carried. */
async function readEvents(url: string, headers: Record<string, string>): Promise<OperationEvent[]> {
  const response = await fetch(url, { headers });
  assert.equal(response.headers.get("content-type"), "text/event-stream");
  return parseEventStream(await response.text());
}

describe("automation server plumbing", () => {
  let server: ServerFixture;
  let base: string;

  before(async () => {
    server = await startServer();
    base = await server.app.listen({ host: "127.0.0.1", port: 0 });
  });

  after(() => server.close());

  describe("auth", () => {
    it("serves /health without a token", async () => {
      const response = await server.app.inject({ url: "/health" });
      assert.equal(response.statusCode, 200);
      assert.equal(response.json<{ status: string }>().status, "ok");
      assert.equal(response.json<{ sandboxWorld: boolean }>().sandboxWorld, false);
    });

    it("answers 401 with a challenge when the token is missing or unknown", async () => {
      for (const headers of [
        {},
        { authorization: "Bearer not-a-real-token-at-all" },
        { authorization: "Basic abc" },
      ]) {
        const response = await server.app.inject({ url: "/deployments", headers });
        assert.equal(response.statusCode, 401);
        assert.equal(response.headers["www-authenticate"], 'Bearer realm="flightdeck"');
        assert.equal(response.json<ErrorBody>().error.code, "unauthorized");
      }
    });

    it("answers 403 when the token lacks the route's scope, and lets the right scope through", async () => {
      const denied = await server.app.inject({
        method: "POST",
        url: "/stacks/production/deploy",
        headers: server.auth("reader"),
        payload: {},
      });
      assert.equal(denied.statusCode, 403);
      assert.match(
        denied.json<ErrorBody>().error.message,
        /token "dashboard" lacks the "deploy" scope/,
      );
      assert.equal(
        denied.headers["www-authenticate"],
        'Bearer realm="flightdeck", error="insufficient_scope", scope="deploy"',
      );
      assert.equal(denied.json<ErrorBody>().error.code, "forbidden");
      const allowed = await server.app.inject({
        url: "/deployments",
        headers: server.auth("reader"),
      });
      assert.equal(allowed.statusCode, 200);
      // admin implies every scope: the request gets past auth to the route itself.
      const asAdmin = await server.app.inject({
        method: "POST",
        url: "/deployments/7d4e1c52-9a6b-4c1e-8f3a-2b5d6e7f8a9b/cancel",
        headers: server.auth("admin"),
      });
      assert.equal(asAdmin.statusCode, 404);
    });

    it("serves the API docs without a token, and nothing else that merely starts like them", async () => {
      assert.equal((await server.app.inject({ url: "/docs/json" })).statusCode, 200);
      assert.equal((await server.app.inject({ url: "/docsearch" })).statusCode, 401);
    });

    it("never writes a token to the log", async () => {
      await server.app.inject({ url: "/deployments", headers: server.auth("admin") });
      await server.app.inject({
        url: "/deployments",
        headers: { authorization: "Bearer leaked-guess-0123456789" },
      });
      const logs = server.logs();
      assert.ok(logs.includes("/deployments"), "requests are logged");
      for (const token of [...Object.values(tokens), "leaked-guess-0123456789"]) {
        assert.equal(logs.includes(token), false, `the log holds ${token}`);
      }
    });
  });

  describe("error contract", () => {
    it("names the invalid field", async () => {
      const response = await server.app.inject({
        url: "/deployments?limit=0",
        headers: server.auth("reader"),
      });
      assert.equal(response.statusCode, 400);
      const { error } = response.json<ErrorBody>();
      assert.equal(error.code, "invalid_request");
      assert.equal(error.details?.[0]?.field, "/querystring/limit");
    });

    it("rejects a malformed deploy body naming the field, and unknown fields", async () => {
      for (const payload of [{ force: "yes" }, { forse: true }]) {
        const response = await server.app.inject({
          method: "POST",
          url: "/stacks/production/deploy",
          headers: server.auth("deployer"),
          payload,
        });
        assert.equal(response.statusCode, 400, JSON.stringify(payload));
        assert.match(response.json<ErrorBody>().error.message, /^\/body/);
      }
      const unknownField = await server.app.inject({
        method: "POST",
        url: "/stacks/production/deploy",
        headers: server.auth("deployer"),
        payload: { forse: true },
      });
      assert.equal(unknownField.json<ErrorBody>().error.details?.[0]?.field, "/body/forse");
    });

    it("answers a body it cannot read in the contract, with readable codes", async () => {
      const notJson = await server.app.inject({
        method: "POST",
        url: "/stacks/production/deploy",
        headers: { ...server.auth("deployer"), "content-type": "application/json" },
        payload: "{ force: tru",
      });
      assert.equal(notJson.statusCode, 400);
      assert.equal(notJson.json<ErrorBody>().error.code, "invalid_request");
      const xml = await server.app.inject({
        method: "POST",
        url: "/stacks/production/deploy",
        headers: { ...server.auth("deployer"), "content-type": "application/xml" },
        payload: "<force/>",
      });
      assert.equal(xml.statusCode, 415);
      assert.equal(xml.json<ErrorBody>().error.code, "unsupported_media_type");
    });

    it("answers an unknown stack, deployment or route with 404", async () => {
      const stack = await server.app.inject({
        method: "POST",
        url: "/stacks/nowhere/deploy",
        headers: server.auth("deployer"),
        payload: {},
      });
      assert.equal(stack.statusCode, 404);
      assert.equal(stack.json<ErrorBody>().error.code, "unknown_stack");
      const deployment = await server.app.inject({
        url: "/deployments/7d4e1c52-9a6b-4c1e-8f3a-2b5d6e7f8a9b",
        headers: server.auth("reader"),
      });
      assert.equal(deployment.statusCode, 404);
      const route = await server.app.inject({
        url: "/nothing-here",
        headers: server.auth("reader"),
      });
      assert.deepEqual(route.json(), {
        error: { code: "not_found", message: "no route GET /nothing-here" },
      });
    });

    it("rejects a malformed stack name or cursor", async () => {
      const name = await server.app.inject({
        url: "/stacks/..%2Fetc",
        headers: server.auth("reader"),
      });
      assert.equal(name.statusCode, 400);
      const cursor = await server.app.inject({
        url: "/deployments?cursor=bogus",
        headers: server.auth("reader"),
      });
      assert.equal(cursor.statusCode, 400);
      assert.match(cursor.json<ErrorBody>().error.message, /cursor/);
    });
  });

  it("publishes the OpenAPI document and its UI", async () => {
    const document = await server.app.inject({ url: "/docs/json" });
    const paths = Object.keys(document.json<{ paths: Record<string, unknown> }>().paths);
    for (const path of [
      "/stacks/{stack}/deploy",
      "/stacks/{stack}/preview",
      "/stacks/{stack}/refresh",
      "/stacks/{stack}/rollback",
      "/stacks/{stack}/invalidate",
      "/stacks/{stack}/invalidations/{id}",
      "/stacks/{stack}",
      "/deployments",
      "/deployments/{id}",
      "/deployments/{id}/events",
      "/deployments/{id}/cancel",
      "/health",
    ]) {
      assert.ok(paths.includes(path), `${path} is documented`);
    }
    assert.equal((await server.app.inject({ url: "/docs" })).statusCode < 400, true);
    const openapi = document.json<{
      components: { securitySchemes: Record<string, unknown> };
      security: unknown[];
      paths: Record<string, { get?: { security?: unknown[] } }>;
    }>();
    assert.deepEqual(openapi.components.securitySchemes.bearer, {
      type: "http",
      scheme: "bearer",
    });
    assert.deepEqual(openapi.security, [{ bearer: [] }]);
    assert.deepEqual(openapi.paths["/health"]?.get?.security, [], "/health needs no token");
  });

  it("decorates the instance with its config, journal and operation registries", () => {
    assert.equal(server.app.config.dataDir, server.dataDir);
    assert.equal(typeof server.app.journal.beginOperation, "function");
    assert.equal(server.app.runningOperations.size, 0);
    assert.equal(typeof server.app.operationEvents.publish, "function");
  });

  describe("deployments", () => {
    it("lists and reads journaled operations", async () => {
      const { journal } = server.app;
      const op = await journal.recordOperation({
        stack: "listing",
        kind: "refresh",
        requestedBy: "ci",
        request: {},
      });
      await journal.finishOperation(op.id, {
        status: "succeeded",
        summary: { result: "succeeded" },
      });
      const list = await server.app.inject({
        url: "/deployments?stack=listing",
        headers: server.auth("reader"),
      });
      assert.deepEqual(
        list
          .json<{ items: Array<{ id: string; status: string }> }>()
          .items.map((o) => [o.id, o.status]),
        [[op.id, "succeeded"]],
      );
      const one = await server.app.inject({
        url: `/deployments/${op.id}`,
        headers: server.auth("reader"),
      });
      assert.equal(one.json<{ summary: { result: string } }>().summary.result, "succeeded");
    });

    it("answers a page asked again with the same JSON, and a write since with the new page", async () => {
      const { journal } = server.app;
      const op = await journal.recordOperation({
        stack: "polled",
        kind: "deploy",
        requestedBy: "ci",
        request: { ref: "main" },
      });
      const list = () =>
        server.app.inject({ url: "/deployments?stack=polled", headers: server.auth("reader") });
      const first = await list();
      const again = await list();
      for (const response of [first, again]) {
        assert.equal(response.statusCode, 200);
        assert.equal(response.headers["content-type"], "application/json; charset=utf-8");
      }
      assert.equal(again.body, first.body);
      // The page as JSON: the operation, as the journal has it.
      const operation = await journal.getOperation(op.id);
      assert.deepEqual(first.json(), JSON.parse(JSON.stringify({ items: [operation] })));
      await journal.finishOperation(op.id, { status: "failed" });
      const after = await list();
      assert.deepEqual(
        after.json<{ items: Array<{ status: string }> }>().items.map((o) => o.status),
        ["failed"],
      );
    });

    it("filters by stack, status and kind, and pages with the cursor, over HTTP", async () => {
      const { journal } = server.app;
      const record = async (kind: "deploy" | "rollback", status: "succeeded" | "failed") => {
        const op = await journal.recordOperation({
          stack: "paging",
          kind,
          requestedBy: "ci",
          request: {},
        });
        await journal.finishOperation(op.id, { status });
        return op.id;
      };
      const ids = [
        await record("deploy", "succeeded"),
        await record("deploy", "failed"),
        await record("rollback", "succeeded"),
        await record("deploy", "succeeded"),
        await record("deploy", "succeeded"),
      ];
      const list = async (query: string) => {
        const response = await server.app.inject({
          url: `/deployments?stack=paging&${query}`,
          headers: server.auth("reader"),
        });
        assert.equal(response.statusCode, 200, response.body);
        return response.json<{ items: Array<{ id: string }>; nextCursor?: string }>();
      };
      const idsOf = (page: { items: Array<{ id: string }> }) => page.items.map((o) => o.id);

      assert.deepEqual(idsOf(await list("status=failed")), [ids[1]]);
      assert.deepEqual(idsOf(await list("kind=rollback")), [ids[2]]);
      // Rows made in one millisecond are ordered by id, so the order is read, not assumed.
      const deploys = idsOf(await list("kind=deploy&limit=100"));
      assert.deepEqual([...deploys].sort(), [ids[0], ids[1], ids[3], ids[4]].sort());
      const first = await list("kind=deploy&limit=3");
      assert.deepEqual(idsOf(first), deploys.slice(0, 3));
      assert.ok(first.nextCursor);
      const second = await list(`kind=deploy&limit=3&cursor=${first.nextCursor}`);
      assert.deepEqual(idsOf(second), deploys.slice(3));
      assert.equal(second.nextCursor, undefined);
    });

    it("streams a finished operation's events from the start, or after Last-Event-ID, then closes", async () => {
      const { journal } = server.app;
      const op = await journal.recordOperation({
        stack: "sse",
        kind: "deploy",
        requestedBy: "ci",
        request: {},
      });
      for (let i = 1; i <= 4; i++) await journal.appendEvent(op.id, "engine", { i });
      await journal.finishOperation(op.id, { status: "succeeded" });
      const headers = { authorization: `Bearer ${tokens.reader}` };
      const all = await readEvents(`${base}/deployments/${op.id}/events`, headers);
      assert.deepEqual(
        all.map((e) => e.seq),
        [1, 2, 3, 4],
      );
      const resumed = await readEvents(`${base}/deployments/${op.id}/events`, {
        ...headers,
        "last-event-id": "2",
      });
      assert.deepEqual(
        resumed.map((e) => e.data.i),
        [3, 4],
      );
    });

    it("follows a running operation live without gaps or repeats, and closes when it ends", async () => {
      const { journal, operationEvents, runningOperations } = server.app;
      const begun = await journal.beginOperation({
        stack: "live",
        kind: "deploy",
        requestedBy: "ci",
        request: {},
      });
      assert.ok("operation" in begun);
      const id = begun.operation.id;
      let finish = () => {};
      runningOperations.track(
        id,
        new AbortController(),
        new Promise<void>((resolve) => (finish = resolve)),
      );
      const publish = async (data: Record<string, unknown>) =>
        operationEvents.publish(await journal.appendEvent(id, "engine", data));
      await publish({ n: 1 });

      const stream = await readEventStream(`${base}/deployments/${id}/events`, {
        authorization: `Bearer ${tokens.reader}`,
      });
      // The replayed event arrives once the stream has subscribed: what follows is live.
      assert.deepEqual((await stream.next())?.data, { n: 1 });
      await publish({ n: 2 });
      // Journaled but never published live: the stream fills the gap from the journal.
      await journal.appendEvent(id, "engine", { n: 3 });
      await publish({ n: 4 });
      await publish({ n: 5 });
      await journal.finishOperation(id, { status: "succeeded" });
      operationEvents.publish(await journal.appendEvent(id, "status", { status: "succeeded" }));
      operationEvents.end(id);
      finish();
      const events = await stream.rest();
      assert.deepEqual(
        events.map((e) => [e.seq, e.type]),
        [
          [2, "engine"],
          [3, "engine"],
          [4, "engine"],
          [5, "engine"],
          [6, "status"],
        ],
      );
    });

    it("follows an operation that runs in another process through the journal", async () => {
      // Begun in the shared journal but not running here: another server instance, or
      // an operation this server has not started tracking yet.
      const other = new SqliteJournal(server.app.config.journalPath);
      const begun = await other.beginOperation({
        stack: "elsewhere",
        kind: "deploy",
        requestedBy: "ci",
        request: {},
      });
      assert.ok("operation" in begun);
      const id = begun.operation.id;
      await other.appendEvent(id, "engine", { n: 1 });
      const stream = await readEventStream(`${base}/deployments/${id}/events`, {
        authorization: `Bearer ${tokens.reader}`,
      });
      assert.deepEqual((await stream.next())?.data, { n: 1 });
      await other.appendEvent(id, "engine", { n: 2 });
      assert.deepEqual((await stream.next())?.data, { n: 2 });
      await other.finishOperation(id, { status: "succeeded" });
      await other.appendEvent(id, "status", { status: "succeeded" });
      await other.close();
      assert.deepEqual(
        (await stream.rest()).map((e) => [e.seq, e.type]),
        [[3, "status"]],
      );
    });

    it("cancels a running operation through its signal; refuses finished and unknown ones", async () => {
      const { journal, runningOperations } = server.app;
      const begun = await journal.beginOperation({
        stack: "cancel",
        kind: "deploy",
        requestedBy: "ci",
        request: {},
      });
      assert.ok("operation" in begun);
      const controller = new AbortController();
      let finish = () => {};
      runningOperations.track(
        begun.operation.id,
        controller,
        new Promise<void>((resolve) => (finish = resolve)),
      );
      const url = `/deployments/${begun.operation.id}/cancel`;
      const denied = await server.app.inject({
        method: "POST",
        url,
        headers: server.auth("reader"),
      });
      assert.equal(denied.statusCode, 403);
      const accepted = await server.app.inject({
        method: "POST",
        url,
        headers: server.auth("deployer"),
      });
      assert.equal(accepted.statusCode, 202);
      assert.equal(controller.signal.aborted, true);
      await journal.finishOperation(begun.operation.id, { status: "cancelled" });
      finish();
      const again = await server.app.inject({
        method: "POST",
        url,
        headers: server.auth("deployer"),
      });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json<ErrorBody>().error.code, "not_running");
      const unknown = await server.app.inject({
        method: "POST",
        url: "/deployments/7d4e1c52-9a6b-4c1e-8f3a-2b5d6e7f8a9b/cancel",
        headers: server.auth("deployer"),
      });
      assert.equal(unknown.statusCode, 404);
    });
  });
});

describe("with no tokens configured", () => {
  it("creates an admin token readable only by its owner, says where, and reuses it", async () => {
    const fixture = await startServer();
    const config = loadConfig({ FLIGHTDECK_DATA_DIR: fixture.dataDir });
    let logged = "";
    const { Writable } = await import("node:stream");
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const first = await buildApp({ config, logStream });
    const path = join(fixture.dataDir, "admin-token");
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(fixture.dataDir).mode & 0o777, 0o700);
    const token = readFileSync(path, "utf8").trim();
    assert.ok(logged.includes(path), "the log says where the token is");
    assert.equal(logged.includes(token), false, "the log never holds the token");
    const open = await first.inject({ url: "/deployments" });
    assert.equal(open.statusCode, 401, "the server never runs open");
    const allowed = await first.inject({
      url: "/deployments",
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(allowed.statusCode, 200);
    await first.close();
    const second = await buildApp({ config, logStream });
    assert.equal(readFileSync(path, "utf8").trim(), token, "a restart reuses the token");
    await second.close();
    await fixture.close();
  });
});

describe("server lifecycle", () => {
  it("answers a failure in a route with a generic 500 whose details stay in the log", async () => {
    const fixture = await startServer();
    try {
      fixture.app.get("/boom", () => {
        throw new Error("the disk is on fire at /var/lib/secret-place");
      });
      const response = await fixture.app.inject({ url: "/boom", headers: fixture.auth("reader") });
      assert.equal(response.statusCode, 500);
      const { error } = response.json<ErrorBody>();
      assert.equal(error.code, "internal_error");
      const errorId = /error id ([0-9a-f-]{36})/.exec(error.message)?.[1];
      assert.ok(errorId, error.message);
      assert.equal(response.body.includes("secret-place"), false, "no detail leaves");
      assert.equal(response.body.includes("    at "), false, "no stack trace leaves");
      const logs = fixture.logs();
      assert.ok(logs.includes(errorId) && logs.includes("secret-place"), "the log has the details");
    } finally {
      await fixture.close();
    }
  });

  it("ends open event streams when the server closes instead of waiting for them", async () => {
    const fixture = await startServer();
    const base = await fixture.app.listen({ host: "127.0.0.1", port: 0 });
    const begun = await fixture.app.journal.beginOperation({
      stack: "closing",
      kind: "deploy",
      requestedBy: "ci",
      request: {},
    });
    assert.ok("operation" in begun);
    await fixture.app.journal.appendEvent(begun.operation.id, "engine", { n: 1 });
    const stream = await readEventStream(`${base}/deployments/${begun.operation.id}/events`, {
      authorization: `Bearer ${tokens.reader}`,
    });
    assert.deepEqual((await stream.next())?.data, { n: 1 });
    await fixture.close();
    assert.deepEqual(await stream.rest(), []);
  });
});
