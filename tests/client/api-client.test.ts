import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { ApiClient } from "../../client/api-client";
import { ApiError, errorFrom } from "../../client/api-error";
import { followEvents } from "../../client/follow-events";
import type { OperationEventView } from "../../client/types";
import { startServer, tokens, type ServerFixture } from "../support/server-fixture";
import { runningOperation } from "../support/stream-operations";

/** The rejection of `promise`, which must be an ApiError. */
async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => assert.fail("expected the request to fail"),
    (failure: unknown) => failure,
  );
  assert.ok(error instanceof ApiError, String(error));
  return error;
}

/**
 * Wraps fetch so that the first event stream breaks off after its first chunk, as a
 * dropped connection does, and records the Last-Event-ID each stream request sent.
 */
function cutFirstStream(): { resumedFrom: Array<string | null>; restore: () => void } {
  const realFetch = globalThis.fetch;
  const resumedFrom: Array<string | null> = [];
  globalThis.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    const url = input instanceof Request ? input.url : input.toString();
    if (!url.endsWith("/events") || !response.body) return response;
    resumedFrom.push(new Headers(init?.headers).get("last-event-id"));
    if (resumedFrom.length > 1) return response;
    const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value } = await reader.read();
        if (value) controller.enqueue(value);
        await reader.cancel();
        controller.error(new TypeError("terminated"));
      },
    });
    return new Response(body, { status: response.status, headers: response.headers });
  };
  return { resumedFrom, restore: () => (globalThis.fetch = realFetch) };
}

describe("the HTTP API's client", () => {
  let server: ServerFixture;
  let baseUrl: string;
  const clientOf = (token: string, onUnauthorized?: (error: ApiError) => void) =>
    new ApiClient({ baseUrl, token, ...(onUnauthorized ? { onUnauthorized } : {}) });

  before(async () => {
    server = await startServer();
    baseUrl = await server.url();
  });

  after(() => server.close());

  it("reads refusals through the error contract, naming the scope a 403 needs", async () => {
    const expired: ApiError[] = [];
    const unknown = await apiErrorOf(clientOf("not-a-token", (e) => expired.push(e)).whoami());
    assert.equal(unknown.status, 401);
    assert.notEqual(unknown.code, "http_401", "the contract's own code");
    assert.deepEqual(expired, [unknown], "a 401 is reported to the one who signs out");

    const reader = clientOf(tokens.reader);
    const forbidden = await apiErrorOf(
      reader.post("/stacks/production/rollback", { services: "all" }),
    );
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.neededScope, "rollback");
    assert.match(forbidden.explanation, /needs a token with the "rollback" scope/);

    const missing = await apiErrorOf(reader.get(`/deployments/${randomUUID()}`));
    assert.equal(missing.status, 404);
    assert.equal(typeof missing.message, "string");
  });

  it("keeps the status of an answer outside the contract, and says when nothing answered", async () => {
    const page = await errorFrom(
      new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }),
    );
    assert.equal(page.code, "http_502");
    assert.equal(page.message, "the server answered 502 Bad Gateway");

    const nowhere = new ApiClient({ baseUrl: "http://127.0.0.1:9", token: tokens.reader });
    const unreachable = await apiErrorOf(nowhere.whoami());
    assert.equal(unreachable.status, 0);
    assert.equal(unreachable.code, "unreachable");
    assert.match(unreachable.message, /could not reach http:\/\/127\.0\.0\.1:9/);
  });

  it("follows an operation's events across a dropped connection, each event once", async () => {
    const operation = await runningOperation(server.app, "resumed");
    await operation.emit("log", { line: "one" });
    await operation.emit("log", { line: "two" });
    const cut = cutFirstStream();
    try {
      const seen: OperationEventView[] = [];
      const following = followEvents(clientOf(tokens.reader), operation.id, (e) => seen.push(e), {
        reconnectMs: 50,
      });
      while (cut.resumedFrom.length < 2) await new Promise((r) => setTimeout(r, 20));
      await operation.emit("log", { line: "three" });
      await operation.finish();
      const followed = await following;
      assert.deepEqual(
        seen.map((e) => e.seq),
        [1, 2, 3, 4],
      );
      assert.deepEqual(followed, { lastSeq: 4, finished: true });
      assert.equal(cut.resumedFrom[0], null);
      assert.match(cut.resumedFrom[1] ?? "", /^[12]$/, "resumed after the last event seen");
    } finally {
      cut.restore();
    }
  });

  it("resumes a later follow after the seq it stopped at, and refuses an unknown operation", async () => {
    const operation = await runningOperation(server.app, "later");
    await operation.emit("log", { line: "one" });
    const stop = new AbortController();
    const first = await followEvents(clientOf(tokens.reader), operation.id, () => stop.abort(), {
      signal: stop.signal,
    });
    assert.deepEqual(first, { lastSeq: 1, finished: false });
    await operation.emit("log", { line: "two" });
    await operation.finish();
    const seqs: number[] = [];
    const rest = await followEvents(
      clientOf(tokens.reader),
      operation.id,
      (e) => seqs.push(e.seq),
      {
        afterSeq: first.lastSeq,
      },
    );
    assert.deepEqual(seqs, [2, 3]);
    assert.equal(rest.finished, true);

    const unknown = await apiErrorOf(followEvents(clientOf(tokens.reader), randomUUID(), () => {}));
    assert.equal(unknown.status, 404);
  });
});
