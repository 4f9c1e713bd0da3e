import assert from "node:assert/strict";
import type { lookup } from "node:dns";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { httpProbe, maxProbeBytes } from "../../automation/pipeline/probes/http-probe";
import { verifyHealth } from "../../automation/pipeline/verify-health";
import { boundedGet } from "../../services/shared/bounded-get";

const hash = "d".repeat(40);
const signal = new AbortController().signal;

describe("the health probe over real HTTP", () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  let hugeBytesWritten = 0;
  let hugeClosedEarly = false;

  before(async () => {
    server = createServer((request, response) => {
      seen.push(request.url ?? "");
      if (request.url === "/moved") {
        response.writeHead(302, { location: "/health" }).end();
      } else if (request.url === "/health") {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ status: "ok", gitHash: hash }));
      } else if (request.url === "/huge") {
        // The hash in the page's head, then a body that never ends.
        response.writeHead(200, { "content-type": "text/html" });
        response.write(`<html><head><meta name="git-hash" content="${hash}"></head><body>`);
        const filler = Buffer.alloc(16 * 1024, "x");
        const pump = () => {
          while (!response.destroyed && hugeBytesWritten < 512 * 1024 * 1024) {
            hugeBytesWritten += filler.length;
            if (!response.write(filler)) return void response.once("drain", pump);
          }
        };
        response.once("close", () => (hugeClosedEarly = !response.writableFinished));
        pump();
      } else if (request.url === "/stall") {
        response.writeHead(200, { "content-type": "application/json" });
        response.write('{"status":"ok",');
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it("judges a redirect as the answer it is and never follows it", async () => {
    const before = seen.length;
    const observation = await httpProbe("api", `${base}/moved`)(signal);
    assert.deepEqual(observation, { status: 302, hash: "" });
    assert.deepEqual(seen.slice(before), ["/moved"], "the Location was not requested");

    // Where it sends users is healthy; the redirect itself does not pass verification.
    const result = await verifyHealth(
      [
        {
          service: "api",
          route: "candidate",
          where: `${base}/moved`,
          probe: httpProbe("api", `${base}/moved`),
          expectedHash: hash,
        },
      ],
      { initialDelayMs: 1, maxDelayMs: 1, timeoutMs: 1_000, candidateFailures: 2 },
      signal,
    );
    assert.equal(result.ok, false);
    assert.equal(result.results[0]?.lastStatus, 302);
  });

  it(
    "reads at most 64 KiB of a body that never ends, and hangs up",
    { timeout: 10_000 },
    async () => {
      const observation = await httpProbe("web", `${base}/huge`)(signal);
      assert.deepEqual(observation, { status: 200, hash }, "the head was read");
      const answer = await boundedGet(new URL(`${base}/huge`), {
        timeoutMs: 5_000,
        maxBytes: maxProbeBytes,
      });
      assert.equal(answer.capped, true);
      assert.equal(Buffer.byteLength(answer.body), maxProbeBytes);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(hugeClosedEarly, true, "the server saw the connection dropped");
      // Socket buffers take some, but nowhere near the half GiB the server would send.
      assert.ok(hugeBytesWritten < 32 * 1024 * 1024, `${hugeBytesWritten} bytes written`);
    },
  );

  it("gives up on an answer that stalls mid-body, within its time bound", async () => {
    const started = Date.now();
    await assert.rejects(
      boundedGet(new URL(`${base}/stall`), { timeoutMs: 200, maxBytes: maxProbeBytes }),
    );
    assert.ok(Date.now() - started < 2_000);
  });

  it("refuses link-local and metadata addresses without connecting", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://169.254.170.2/v2/credentials",
      "http://[::ffff:169.254.169.254]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://[fe80::1]/health",
      "http://[fd00:ec2::254]/",
      "http://2852039166/",
      "http://0.0.0.0:80/",
    ]) {
      const started = Date.now();
      await assert.rejects(httpProbe("api", url)(signal), /is off limits/, url);
      // Refused before any socket: a connection attempt there would hang or time out.
      assert.ok(Date.now() - started < 500, url);
    }
  });

  it("refuses a name that resolves into link-local space, and allows loopback names", async () => {
    const hostile = ((_name: string, _options: unknown, callback: unknown) =>
      (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
        { address: "169.254.169.254", family: 4 },
      ])) as unknown as typeof lookup;
    const port = new URL(base).port;
    await assert.rejects(
      boundedGet(new URL(`http://health.internal.example:${port}/health`), {
        timeoutMs: 1_000,
        maxBytes: 1024,
        resolve: hostile,
      }),
      /health\.internal\.example resolves to 169\.254\.169\.254, which is off limits/,
    );
    const local = await httpProbe("api", `http://localhost:${port}/health`)(signal);
    assert.deepEqual(local, { status: 200, hash });
  });
});
