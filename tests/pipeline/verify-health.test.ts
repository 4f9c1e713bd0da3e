import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { verifyHealth } from "../../automation/pipeline/verify-health";

const fast = { initialDelayMs: 5, maxDelayMs: 40, timeoutMs: 2_000 };

describe("health verification over real HTTP", () => {
  let server: Server;
  let base: string;
  const requests = { api: 0, web: 0, broken: 0 };

  before(async () => {
    server = createServer((request, response) => {
      if (request.url === "/api/health") {
        // The new hash appears only on the fourth request, as after a slow rollout.
        requests.api++;
        const gitHash = requests.api >= 4 ? "b".repeat(40) : "a".repeat(40);
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify({ status: "ok", gitHash }));
      } else if (request.url === "/web/") {
        requests.web++;
        response.setHeader("content-type", "text/html");
        response.end(
          `<html><head><meta name="git-hash" content="${"b".repeat(40)}"></head></html>`,
        );
      } else {
        requests.broken++;
        response.statusCode = 503;
        response.end("starting");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => server.close());

  it("retries until the health endpoint reports the expected hash; reads the web's meta tag", async () => {
    const expectedHash = "b".repeat(40);
    const result = await verifyHealth(
      [
        { service: "api", url: `${base}/api/health`, expectedHash },
        { service: "web", url: `${base}/web/`, expectedHash },
      ],
      fast,
      new AbortController().signal,
    );
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.results.map((r) => [r.service, r.ok, r.attempts, r.observedHash]),
      [
        ["api", true, 4, expectedHash],
        ["web", true, 1, expectedHash],
      ],
    );
  });

  it("gives up within the overall bound and reports what it last saw", async () => {
    const result = await verifyHealth(
      [{ service: "mcp", url: `${base}/mcp/health`, expectedHash: "c".repeat(40) }],
      { initialDelayMs: 10, maxDelayMs: 20, timeoutMs: 150 },
      new AbortController().signal,
    );
    assert.equal(result.ok, false);
    const [mcp] = result.results;
    assert.equal(mcp?.lastError, "HTTP 503");
    // 10 + 20 + 20 … ms of waiting fits at most 8 attempts in 150 ms.
    assert.ok(
      (mcp?.attempts ?? 0) >= 2 && (mcp?.attempts ?? 99) <= 8,
      `attempts: ${mcp?.attempts}`,
    );
  });

  it("stops waiting as soon as the operation is cancelled", async () => {
    const controller = new AbortController();
    const verifying = verifyHealth(
      [{ service: "mcp", url: `${base}/mcp/health`, expectedHash: "c".repeat(40) }],
      { initialDelayMs: 60_000, maxDelayMs: 60_000, timeoutMs: 600_000 },
      controller.signal,
    );
    setImmediate(() => controller.abort());
    await assert.rejects(verifying, { name: "AbortError" });
  });
});
