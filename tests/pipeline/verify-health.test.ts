import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { ServiceName } from "../../automation/domain/services";
import { httpProbe } from "../../automation/pipeline/probes/http-probe";
import {
  describeFailures,
  verifyHealth,
  type VerifyTarget,
} from "../../automation/pipeline/verify-health";

const fast = { initialDelayMs: 5, maxDelayMs: 40, timeoutMs: 2_000, candidateFailures: 3 };
const newHash = "b".repeat(40);

describe("health verification over real HTTP", () => {
  let server: Server;
  let base: string;
  const requests = { api: 0, web: 0, broken: 0, flaky: 0 };

  before(async () => {
    server = createServer((request, response) => {
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      if (request.url === "/api/health") {
        // The new hash appears only on the fourth request, as after a slow rollout.
        requests.api++;
        json(200, { status: "ok", gitHash: requests.api >= 4 ? newHash : "a".repeat(40) });
      } else if (request.url === "/web/") {
        requests.web++;
        response.setHeader("content-type", "text/html");
        response.end(`<html><head><meta name="git-hash" content="${newHash}"></head></html>`);
      } else if (request.url === "/broken/health") {
        // The new build answers, reporting itself, but unhealthy.
        requests.broken++;
        json(500, { status: "failing", gitHash: newHash });
      } else if (request.url === "/flaky/health") {
        requests.flaky++;
        response.writeHead(502).end("bad gateway");
      } else {
        response.writeHead(503).end("starting");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => server.close());

  const target = (
    service: ServiceName,
    path: string,
    route: VerifyTarget["route"] = "live",
    expectedHash = newHash,
  ): VerifyTarget => ({
    service,
    route,
    where: `${base}${path}`,
    probe: httpProbe(service, `${base}${path}`),
    expectedHash,
  });

  it("retries until the health endpoint reports the expected hash; reads the web's meta tag", async () => {
    const result = await verifyHealth(
      [target("api", "/api/health"), target("web", "/web/")],
      fast,
      new AbortController().signal,
    );
    assert.equal(result.ok, true);
    assert.deepEqual(
      result.results.map((r) => [r.service, r.ok, r.verdict, r.attempts, r.observedHash]),
      [
        ["api", true, "healthy", 4, newHash],
        ["web", true, "healthy", 1, newHash],
      ],
    );
  });

  it("gives up within the overall bound on a live route that never shows the build", async () => {
    const result = await verifyHealth(
      [target("mcp", "/mcp/health", "live", "c".repeat(40))],
      { ...fast, initialDelayMs: 10, maxDelayMs: 20, timeoutMs: 150 },
      new AbortController().signal,
    );
    assert.equal(result.ok, false);
    const [mcp] = result.results;
    assert.equal(mcp?.verdict, "not-there");
    assert.equal(mcp?.lastStatus, 503);
    // 10 + 20 + 20 … ms of waiting fits at most 8 attempts in 150 ms.
    assert.ok(
      (mcp?.attempts ?? 0) >= 2 && (mcp?.attempts ?? 99) <= 8,
      `attempts: ${mcp?.attempts}`,
    );
  });

  it("ends at the first answer of a build that is there and broken, and stops waiting for the others", async () => {
    const slow = { ...fast, initialDelayMs: 5_000, maxDelayMs: 5_000, timeoutMs: 60_000 };
    const started = Date.now();
    const result = await verifyHealth(
      [target("api", "/broken/health", "live"), target("mcp", "/mcp/health", "live")],
      slow,
      new AbortController().signal,
    );
    assert.ok(Date.now() - started < 5_000, "no backoff was waited");
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.results.map((r) => [r.service, r.verdict, r.attempts]),
      [
        ["api", "broken", 1],
        ["mcp", "stopped", 0],
      ],
    );
    assert.match(
      describeFailures(result.results),
      new RegExp(
        `^api \\(live, .*/broken/health\\) is there and broken: HTTP 500 reporting ${newHash} after 1 look\\(s\\)$`,
      ),
    );
  });

  it("counts a candidate failing its looks in a row as broken, before the timeout", async () => {
    const before = requests.flaky;
    const result = await verifyHealth(
      [target("api", "/flaky/health", "candidate")],
      { ...fast, timeoutMs: 60_000 },
      new AbortController().signal,
    );
    assert.equal(result.results[0]?.verdict, "broken");
    assert.equal(result.results[0]?.attempts, 3);
    assert.equal(requests.flaky - before, 3);
  });

  it("stops waiting as soon as the operation is cancelled", async () => {
    const controller = new AbortController();
    const verifying = verifyHealth(
      [target("mcp", "/mcp/health", "live", "c".repeat(40))],
      { initialDelayMs: 60_000, maxDelayMs: 60_000, timeoutMs: 600_000, candidateFailures: 3 },
      controller.signal,
    );
    setImmediate(() => controller.abort());
    await assert.rejects(verifying, { name: "AbortError" });
  });
});
