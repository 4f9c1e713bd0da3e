import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { deploymentsClient } from "../support/deployments-client";
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from "../support/fault-proxy";
import { healthHash } from "../support/health-hash";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";

const updateAlias = (r: ProxiedRequest) => r.method === "PUT" && /\/aliases\/live$/.test(r.path);
const updateService = (r: ProxiedRequest) => r.target.endsWith(".UpdateService");
const updateDistribution = (r: ProxiedRequest) =>
  r.method === "PUT" && /\/distribution\/[^/]+\/config$/.test(r.path);

const throttled = {
  status: 429,
  headers: { "content-type": "application/json", "x-amzn-errortype": "TooManyRequestsException" },
  body: JSON.stringify({ message: "Rate exceeded", Type: "User" }),
};
const unavailable = {
  status: 503,
  headers: { "content-type": "application/x-amz-json-1.1" },
  body: JSON.stringify({ __type: "ServerException", message: "Service unavailable" }),
};
const accessDenied = {
  status: 403,
  headers: { "content-type": "text/xml" },
  body: `<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform cloudfront:UpdateDistribution</Message></Error><RequestId>f1</RequestId></ErrorResponse>`,
};

describe("AWS faults during a rollback", () => {
  let world: ReleaseWorld;
  let proxy: FaultProxy;
  let client: ReturnType<typeof deploymentsClient>;
  let outputs: Record<string, string>;
  const commits: string[] = [];

  /** Releases api, web and mcp once more, so there is a release to roll back to. */
  async function releaseAll(n: number) {
    commits.push(
      world.repo.commit({ "services/shared/version.ts": `export const v = ${n};\n` }, "all"),
    );
    const released = await client.deploy("production");
    assert.equal(released.status, "succeeded", JSON.stringify(released.error));
  }

  before(async () => {
    proxy = await startFaultProxy();
    world = await startReleaseWorld(["production"], {}, {}, proxy.url);
    proxy.forwardTo(world.aws.moto.endpoint);
    client = deploymentsClient(world.server);
    commits.push(world.repo.git("rev-parse", "HEAD"));
    assert.equal((await client.deploy("production")).status, "succeeded");
    await releaseAll(2);
    outputs = await client.outputs("production");
  });

  after(async () => {
    await world.stop();
    await proxy.stop();
  });

  it("throttling and 5xx are retried with backoff; the rollback succeeds", async () => {
    // The deploys before moved alias live through this proxy too.
    const aliasBefore = proxy.count(updateAlias);
    const serviceBefore = proxy.count(updateService);
    proxy.inject({ match: updateAlias, times: 2, ...throttled });
    proxy.inject({ match: updateService, times: 2, ...unavailable });
    const rollback = await client.rollback("production", { services: "all" });
    assert.equal(rollback.status, "succeeded", JSON.stringify(rollback.error));
    assert.equal(proxy.count(updateAlias) - aliasBefore, 3, "two throttled attempts, then through");
    assert.equal(proxy.count(updateService) - serviceBefore, 3, "two 503s, then through");
    assert.equal(await healthHash(outputs.apiHealthUrl!), commits[0]);
    assert.equal(await healthHash(outputs.mcpHealthUrl!), commits[0]);
  });

  it("retries are bounded: throttling that persists ends the rollback with a clear message", async () => {
    await releaseAll(3);
    const before = proxy.count(updateAlias);
    proxy.inject({ match: updateAlias, times: 1_000, ...throttled });
    const rollback = await client.rollback("production", { services: ["api"] });
    assert.equal(rollback.status, "failed");
    assert.equal(rollback.error?.code, "rollback_incomplete");
    assert.match(rollback.error?.message ?? "", /moving api failed: Rate exceeded/);
    assert.equal(proxy.count(updateAlias) - before, 4, "four attempts in all");
    assert.equal(await healthHash(outputs.apiHealthUrl!), commits[2], "api did not move");
  });

  it("a permanent error stops the rollback; the journal shows which pointers moved and which did not", async () => {
    proxy.clear();
    const earlier = proxy.count(updateDistribution);
    proxy.inject({ match: updateDistribution, times: 1_000, ...accessDenied });
    const rollback = await client.rollback("production", { services: "all" });
    assert.equal(rollback.status, "failed");
    assert.equal(rollback.error?.code, "rollback_incomplete");
    assert.match(
      rollback.error?.message ?? "",
      /moving web failed: not authorized .*; moved: api; not moved: web, mcp/,
    );
    assert.equal(proxy.count(updateDistribution) - earlier, 1, "an access error is not retried");
    const pointers = rollback.steps.find((s) => s.name === "pointers");
    assert.equal(pointers?.status, "failed");
    const detail = pointers?.detail as {
      moves: Array<{ service: string; moved: boolean }>;
      failed: { service: string };
      notMoved: string[];
    };
    assert.deepEqual(
      detail.moves.map((m) => [m.service, m.moved]),
      [["api", true]],
    );
    assert.equal(detail.failed.service, "web");
    assert.deepEqual(detail.notMoved, ["web", "mcp"]);
    assert.equal(rollback.steps.find((s) => s.name === "pin")?.status, "succeeded");

    // Release 2 was rolled back in the first test: the default target is release 1.
    assert.equal(await healthHash(outputs.apiHealthUrl!), commits[0]);
    assert.equal(await healthHash(outputs.webUrl!), commits[2]);
    assert.equal(await healthHash(outputs.mcpHealthUrl!), commits[2]);
    // The journal's live state has api moved: another try would move only web and mcp.
    const dryRun = await client.start("production", "rollback", { services: "all" });
    const plan = dryRun.body.error?.details as { changes: Array<{ service: string }> };
    assert.deepEqual(
      plan.changes.map((c) => c.service),
      ["web", "mcp"],
    );
  });
});
