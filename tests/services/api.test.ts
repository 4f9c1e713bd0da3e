import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildApiApp } from "../../services/api/src/app";
import { loadApiConfig } from "../../services/api/src/config";
import { createHandler } from "../../services/api/src/lambda";

describe("services/api", () => {
  let app: FastifyInstance;
  let base: string;

  before(async () => {
    app = buildApiApp({ gitHash: "abc1234", stage: "test", jwtSecret: "s3cret-signing-key" });
    base = await app.listen({ host: "127.0.0.1", port: 0 });
  });

  after(() => app.close());

  it("GET /health over HTTP reports the hash and stage it was started with", async () => {
    const response = await fetch(`${base}/health`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: "ok", gitHash: "abc1234", stage: "test" });
  });

  it("answers an unknown route with a JSON 404 in the error contract", async () => {
    const response = await fetch(`${base}/nope`);
    assert.equal(response.status, 404);
    const body = (await response.json()) as { error: { code: string } };
    assert.equal(body.error.code, "not_found");
  });

  it("never returns the signing secret", async () => {
    const text = await (await fetch(`${base}/health`)).text();
    assert.equal(text.includes("s3cret-signing-key"), false);
  });

  it("the Lambda handler answers a Function URL event through the adapter", async () => {
    const handler = createHandler({
      GIT_HASH: "def5678",
      STAGE: "production",
      JWT_SECRET: "lambda-secret",
    });
    const event = {
      version: "2.0",
      routeKey: "$default",
      rawPath: "/health",
      rawQueryString: "",
      headers: { host: "abc.lambda-url.us-east-1.on.aws", "content-type": "application/json" },
      requestContext: {
        accountId: "123456789012",
        apiId: "abc",
        domainName: "abc.lambda-url.us-east-1.on.aws",
        http: {
          method: "GET",
          path: "/health",
          protocol: "HTTP/1.1",
          sourceIp: "127.0.0.1",
          userAgent: "test",
        },
        requestId: "r1",
        routeKey: "$default",
        stage: "$default",
        time: "22/Nov/2026:00:00:00 +0000",
        timeEpoch: 0,
      },
      isBase64Encoded: false,
    };
    const result = (await handler(event, {} as never)) as {
      statusCode: number;
      body: string;
    };
    assert.equal(result.statusCode, 200);
    assert.deepEqual(JSON.parse(result.body), {
      status: "ok",
      gitHash: "def5678",
      stage: "production",
    });
  });

  it("refuses to start on a deployed stage without its secret, naming the variable", () => {
    assert.throws(
      () => loadApiConfig({ STAGE: "production", GIT_HASH: "abc1234" }),
      /JWT_SECRET must be set/,
    );
    assert.deepEqual(loadApiConfig({}), {
      gitHash: "unknown",
      stage: "local",
      jwtSecret: undefined,
    });
  });
});
