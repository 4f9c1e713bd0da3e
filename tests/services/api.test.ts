import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import type { Context } from "aws-lambda";
import { buildSync } from "esbuild";
import type { FastifyInstance } from "fastify";
import { buildApiApp } from "../../services/api/src/app";
import { loadApiConfig } from "../../services/api/src/config";
import { loadListenConfig } from "../../services/shared/listen-config";
import { functionUrlEvent } from "./support/lambda-events";
import { startServiceProcess } from "./support/service-process";

const secret = "s3cret-signing-key-that-must-stay-inside";
const lambdaContext = {
  functionName: "flightdeck-api",
  awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
} as Context;

type LambdaEntry = typeof import("../../services/api/src/lambda");

/** The real entry module, loaded only once the test has set the environment it reads. */
function lambdaEntry(path = "../../services/api/src/lambda"): LambdaEntry {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as LambdaEntry;
}

describe("services/api over HTTP", () => {
  let app: FastifyInstance;
  let base: string;
  const logs: string[] = [];

  before(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    app = buildApiApp(
      { gitHash: "abc1234", stage: "test", jwtSecret: secret },
      { logger: { level: "trace", stream } },
    );
    base = await app.listen({ host: "127.0.0.1", port: 0 });
  });

  after(() => app.close());

  it("GET /health reports the hash and stage it was configured with", async () => {
    const response = await fetch(`${base}/health`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(await response.json(), { status: "ok", gitHash: "abc1234", stage: "test" });
  });

  it("answers an unknown route with a JSON 404 in the error contract", async () => {
    const response = await fetch(`${base}/nope?token=x`);
    assert.equal(response.status, 404);
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(await response.json(), {
      error: { code: "not_found", message: "no route GET /nope" },
    });
  });

  it("answers a body it cannot parse with a 4xx in the error contract, no stack", async () => {
    const response = await fetch(`${base}/health`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    assert.equal(response.status, 400);
    const text = await response.text();
    assert.equal(text.includes("    at "), false, "no stack trace");
    const { error } = JSON.parse(text) as { error: { code: string; message: string } };
    assert.equal(error.code, "bad_request");
    assert.match(error.message, /not valid JSON/);
  });

  it("never returns or logs the signing secret", async () => {
    const bodies = await Promise.all(
      ["/health", "/nope", "/health?x=1"].map(async (path) =>
        (await fetch(`${base}${path}`)).text(),
      ),
    );
    assert.ok(logs.length > 0, "requests were logged");
    for (const text of [...bodies, ...logs]) assert.equal(text.includes(secret), false, text);
  });
});

describe("services/api in Lambda", () => {
  const env = { GIT_HASH: "def5678", STAGE: "production", JWT_SECRET: secret };
  const saved = { ...process.env };
  let bundleDir: string;

  before(() => {
    Object.assign(process.env, env);
    bundleDir = mkdtempSync(join(tmpdir(), "flightdeck-api-bundle-"));
  });

  after(() => {
    process.env = saved;
    rmSync(bundleDir, { recursive: true, force: true });
  });

  it("the exported handler answers a Function URL event for /health through the adapter", async () => {
    const { handler } = lambdaEntry();
    const result = await handler(functionUrlEvent("GET", "/health", "probe=1"), lambdaContext);
    assert.equal(result.statusCode, 200);
    assert.match(result.headers["content-type"] ?? "", /^application\/json/);
    assert.deepEqual(JSON.parse(result.body), {
      status: "ok",
      gitHash: "def5678",
      stage: "production",
    });
  });

  it("the handler answers an unknown route with a JSON 404", async () => {
    const { handler } = lambdaEntry();
    const result = await handler(functionUrlEvent("DELETE", "/releases/1"), lambdaContext);
    assert.equal(result.statusCode, 404);
    assert.equal((JSON.parse(result.body) as { error: { code: string } }).error.code, "not_found");
  });

  it("bundled the way infra bundles it, index.handler runs with no node_modules around", async () => {
    // Same entry and esbuild options as infra/api/bundle-api.ts, written outside the repo.
    buildSync({
      entryPoints: [join(__dirname, "..", "..", "services", "api", "src", "lambda.ts")],
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      outfile: join(bundleDir, "index.js"),
      logLevel: "error",
    });
    const bundled = lambdaEntry(join(bundleDir, "index.js"));
    const result = await bundled.handler(functionUrlEvent("GET", "/health"), lambdaContext);
    assert.equal(result.statusCode, 200);
    assert.equal((JSON.parse(result.body) as { gitHash: string }).gitHash, "def5678");
    assert.equal(result.body.includes(secret), false);
  });
});

describe("services/api config", () => {
  it("defaults to an unknown hash on the local stage, where no secret is needed", () => {
    assert.deepEqual(loadApiConfig({}), {
      gitHash: "unknown",
      stage: "local",
      jwtSecret: undefined,
    });
  });

  it("refuses a deployed stage without its secret, naming the variable", () => {
    assert.throws(
      () => loadApiConfig({ STAGE: "production", GIT_HASH: "abc1234", JWT_SECRET: "" }),
      /JWT_SECRET must be set for stage "production"/,
    );
  });

  it("refuses a malformed hash or stage, naming the variable", () => {
    assert.throws(() => loadApiConfig({ GIT_HASH: "<script>" }), /GIT_HASH must be 1-64/);
    assert.throws(() => loadApiConfig({ STAGE: "a b" }), /STAGE must be 1-64/);
  });

  it("refuses a port that is not a port", () => {
    assert.deepEqual(loadListenConfig({}, 3001), { host: "127.0.0.1", port: 3001 });
    assert.throws(() => loadListenConfig({ PORT: "http" }, 3001), /PORT/);
    assert.throws(() => loadListenConfig({ PORT: "70000" }, 3001), /PORT/);
  });
});

describe("services/api server.ts", () => {
  it("listens on PORT, serves /health and exits 0 on SIGTERM", async () => {
    const server = await startServiceProcess(
      ["--import", "tsx", join(__dirname, "..", "..", "services", "api", "src", "server.ts")],
      { PORT: "0", GIT_HASH: "0a1b2c3d", STAGE: "local" },
    );
    try {
      const response = await fetch(`${server.url}/health`);
      assert.deepEqual(await response.json(), {
        status: "ok",
        gitHash: "0a1b2c3d",
        stage: "local",
      });
    } finally {
      assert.equal(await server.stop("SIGTERM"), 0, server.output.join("\n"));
    }
  });
});
