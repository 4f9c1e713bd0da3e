import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { deploymentsClient } from "../support/deployments-client";
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from "../support/fault-proxy";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";

interface InvalidationAnswer {
  invalidation: {
    id: string;
    status: string;
    paths: string[];
    dropped: Array<{ path: string; coveredBy: string }>;
    created: boolean;
    timedOut: boolean;
    idempotencyKey: string;
  };
  error?: { code: string; message: string; details?: unknown };
}

const isCreate = (r: ProxiedRequest) => r.method === "POST" && /\/invalidation$/.test(r.path);
/** An error as CloudFront words it (REST-XML). */
const cloudFrontError = (status: number, code: string, message: string) => ({
  status,
  headers: { "content-type": "text/xml" },
  body: `<?xml version="1.0"?><ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r1</RequestId></ErrorResponse>`,
});
const isGet = (r: ProxiedRequest) => r.method === "GET" && /\/invalidation\/[^/]+$/.test(r.path);

/** What CloudFront answers for an invalidation still running. */
const inProgressXml = `<?xml version="1.0" encoding="UTF-8"?>
<Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I1</Id><Status>InProgress</Status><CreateTime>2026-11-23T00:00:00Z</CreateTime><InvalidationBatch><Paths><Quantity>1</Quantity><Items><Path>/</Path></Items></Paths><CallerReference>r</CallerReference></InvalidationBatch></Invalidation>`;

describe("CloudFront invalidation through the automation server", () => {
  let world: ReleaseWorld;
  let proxy: FaultProxy;

  const invalidate = async (body: unknown, headers: Record<string, string> = {}) => {
    const response = await world.server.app.inject({
      method: "POST",
      url: "/stacks/production/invalidate",
      headers: { ...world.server.auth("deployer"), ...headers },
      payload: body as Record<string, unknown>,
    });
    return {
      status: response.statusCode,
      body: response.json<InvalidationAnswer>(),
      headers: response.headers,
    };
  };

  before(async () => {
    proxy = await startFaultProxy();
    world = await startReleaseWorld(
      ["production"],
      {
        FLIGHTDECK_INVALIDATION_POLL_MS: "20",
        FLIGHTDECK_INVALIDATION_WAIT_MS: "2000",
      },
      {},
      proxy.url,
    );
    proxy.forwardTo(world.aws.moto.endpoint);
    const early = await invalidate({ paths: ["/"] });
    assert.equal(early.status, 404, "nothing released, nothing to invalidate");
    assert.equal(early.body.error?.code, "no_release");
    const released = await deploymentsClient(world.server).deploy("production");
    assert.equal(released.status, "succeeded", JSON.stringify(released.error));
  });

  after(async () => {
    await world.stop();
    await proxy.stop();
  });

  it("refuses paths CloudFront would refuse, naming the field", async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ paths: ["index.html"] }, /\/body\/paths\/0 must be a path with a leading \//],
      [{ paths: ["/", "/img/*/a.png"] }, /\/body\/paths\/1 must be .* wildcard only at its end/],
      [{ paths: ["/a b"] }, /\/body\/paths\/0 must be .*URL-encoded/],
      [{ paths: [] }, /\/body\/paths/],
      [
        { paths: Array.from({ length: 16 }, (_, i) => `/w${i}/*`) },
        /16 wildcard paths; CloudFront allows 15/,
      ],
      [{ paths: ["/"], extra: true }, /\/body\/extra/],
    ];
    for (const [body, message] of cases) {
      const answer = await invalidate(body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error?.code, "invalid_request");
      assert.match(answer.body.error?.message ?? "", message);
    }
    assert.equal(proxy.count(isCreate), 0, "nothing reached CloudFront");
  });

  it("drops repeats and paths a wildcard covers, and a retried request gets the same invalidation", async () => {
    const body = {
      paths: ["/index.html", "/assets/app.js", "/assets/*", "/index.html", "/assets/img/*"],
    };
    const first = await invalidate(body);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(first.body.invalidation.paths, ["/index.html", "/assets/*"]);
    assert.deepEqual(first.body.invalidation.dropped, [
      { path: "/assets/app.js", coveredBy: "/assets/*" },
      { path: "/index.html", coveredBy: "/index.html" },
      { path: "/assets/img/*", coveredBy: "/assets/*" },
    ]);
    assert.equal(first.body.invalidation.created, true);

    const retry = await invalidate(body);
    assert.equal(retry.status, 200);
    assert.equal(retry.body.invalidation.id, first.body.invalidation.id);
    assert.equal(retry.body.invalidation.created, false);
    assert.equal(proxy.count(isCreate), 1, "one invalidation in CloudFront");

    const status = await world.server.app.inject({
      url: `/stacks/production/invalidations/${first.body.invalidation.id}`,
      headers: world.server.auth("reader"),
    });
    assert.equal(status.statusCode, 200, status.body);
    assert.equal(status.json<InvalidationAnswer>().invalidation.status, "Completed");
    const unknown = await world.server.app.inject({
      url: "/stacks/production/invalidations/NOSUCH",
      headers: world.server.auth("reader"),
    });
    assert.equal(unknown.statusCode, 404);
  });

  it("an explicit idempotency key is honoured, and refused for other paths", async () => {
    const key = { "idempotency-key": "release-7-purge" };
    const first = await invalidate({ paths: ["/about.html"] }, key);
    assert.equal(first.status, 201);
    assert.equal(first.body.invalidation.idempotencyKey, "release-7-purge");
    const reused = await invalidate({ paths: ["/contact.html"] }, key);
    assert.equal(reused.status, 409);
    assert.equal(reused.body.error?.code, "idempotency_key_reused");
  });

  it("with wait polls GetInvalidation until Completed, and reports InProgress when the bound passes", async () => {
    proxy.inject({
      match: isGet,
      times: 2,
      status: 200,
      headers: { "content-type": "text/xml" },
      body: inProgressXml,
    });
    const polled = proxy.count(isGet);
    const waited = await invalidate({ paths: ["/faq.html"], wait: true });
    assert.equal(waited.status, 201, JSON.stringify(waited.body));
    assert.equal(waited.body.invalidation.status, "Completed");
    assert.equal(waited.body.invalidation.timedOut, false);
    assert.equal(proxy.count(isGet) - polled, 3, "two InProgress answers, then Completed");

    proxy.inject({
      match: isGet,
      times: 1_000,
      status: 200,
      headers: { "content-type": "text/xml" },
      body: inProgressXml,
    });
    const bounded = await invalidate({ paths: ["/slow.html"], wait: true });
    assert.equal(bounded.status, 201);
    assert.equal(bounded.body.invalidation.status, "InProgress");
    assert.equal(bounded.body.invalidation.timedOut, true);
  });

  it("answers CloudFront's refusals in the error contract: 429 and 503 with Retry-After, 502 naming the action", async () => {
    const account = "123456789012";
    const cases = [
      {
        fault: cloudFrontError(
          400,
          "TooManyInvalidationsInProgress",
          "Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.",
        ),
        status: 429,
        code: "aws_throttled",
        retryAfter: "10",
        // Not one of the SDK's throttling codes: not retried, answered at once.
        attempts: 1,
      },
      // Retried by the SDK with backoff, four attempts in all, then answered.
      {
        fault: cloudFrontError(400, "Throttling", "Rate exceeded"),
        status: 429,
        code: "aws_throttled",
        retryAfter: "10",
        attempts: 4,
      },
      {
        fault: cloudFrontError(503, "ServiceUnavailable", "CloudFront is unavailable"),
        status: 503,
        code: "aws_unavailable",
        retryAfter: "30",
        attempts: 4,
      },
      {
        fault: cloudFrontError(
          403,
          "AccessDenied",
          `User: arn:aws:iam::${account}:user/deployer is not authorized to perform: cloudfront:CreateInvalidation`,
        ),
        status: 502,
        code: "aws_access_denied",
        retryAfter: undefined,
        attempts: 1,
      },
    ];
    for (const [i, expected] of cases.entries()) {
      const awsCode = /<Code>(\w+)<\/Code>/.exec(expected.fault.body)![1]!;
      const before = proxy.count(isCreate);
      proxy.inject({ match: isCreate, times: expected.attempts, ...expected.fault });
      const answer = await invalidate({ paths: [`/refused-${i}.html`] });
      assert.equal(answer.status, expected.status, JSON.stringify(answer.body));
      assert.equal(answer.body.error?.code, expected.code);
      assert.match(
        answer.body.error?.message ?? "",
        new RegExp(`cloudfront:CreateInvalidation.*${awsCode}`),
      );
      assert.deepEqual(answer.body.error?.details, {
        awsError: awsCode,
        action: "cloudfront:CreateInvalidation",
      });
      assert.equal(answer.headers["retry-after"], expected.retryAfter, awsCode);
      assert.equal(JSON.stringify(answer.body).includes(account), false, "AWS's own text stays in");
      assert.equal(proxy.count(isCreate) - before, expected.attempts, awsCode);
    }
    // Nothing was journaled for the refused requests: the same one goes through once CloudFront takes it.
    const later = await invalidate({ paths: ["/refused-0.html"] });
    assert.equal(later.status, 201, JSON.stringify(later.body));
  });
});
