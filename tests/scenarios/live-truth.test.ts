import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { LambdaClient, UpdateAliasCommand } from "@aws-sdk/client-lambda";
import type { Operation } from "../../automation/journal/journal";
import { awsPointers } from "../support/aws-pointers";
import { deploymentsClient } from "../support/deployments-client";
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from "../support/fault-proxy";
import { awsClientConfig } from "../../sandbox-world/moto-server";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";

const createInvalidation = (r: ProxiedRequest) =>
  r.method === "POST" && /\/distribution\/[^/]+\/invalidation$/.test(r.path);
const updateService = (r: ProxiedRequest) => r.target.endsWith(".UpdateService");
const describeServices = (r: ProxiedRequest) => r.target.endsWith(".DescribeServices");

describe("the journal says what AWS runs: bad releases, moves recorded as moved, pins, reconcile", () => {
  let world: ReleaseWorld;
  let proxy: FaultProxy;
  let client: ReturnType<typeof deploymentsClient>;
  let outputs: Record<string, string>;

  const release = async (tag: number) =>
    (await world.server.app.journal.getRelease("production", tag))!;
  const pointers = () => awsPointers(world.aws.moto.endpoint, outputs);
  /** The server's own settings of the stack, where rollback pins live. */
  const serverSettings = () =>
    readFileSync(
      join(world.server.app.config.dataDir, "workspaces", "production", "Pulumi.production.yaml"),
      "utf8",
    );
  const stackView = async () =>
    (
      await world.server.app.inject({
        url: "/stacks/production",
        headers: world.server.auth("reader"),
      })
    ).json<{
      live: Record<string, { tag: number; pointer: string; unreleased?: string }>;
      liveCheck: { agreed: boolean; drift: Array<{ service: string }>; summary: string } | null;
    }>();

  async function released(files: Record<string, string>, affected: string[]): Promise<number> {
    world.repo.commit(files, affected.join("+"));
    const deployed = await client.deploy("production");
    assert.equal(deployed.status, "succeeded", JSON.stringify(deployed.error));
    assert.deepEqual(deployed.affectedServices, affected);
    return deployed.releaseTag!;
  }

  before(async () => {
    proxy = await startFaultProxy();
    world = await startReleaseWorld(["production"], {}, {}, proxy.url);
    proxy.forwardTo(world.aws.moto.endpoint);
    client = deploymentsClient(world.server);
    assert.equal((await client.deploy("production")).releaseTag, 1);
    outputs = await client.outputs("production");
  });

  after(async () => {
    await world.stop();
    await proxy.stop();
  });

  it("never brings back a release that was rolled back: the default target skips it, naming it needs allowBad", async () => {
    const webMcp = {
      "services/web/index.html": "<html>2</html>\n",
      "services/mcp/server.ts": "export const mcp = 2;\n",
    };
    assert.equal(await released(webMcp, ["web", "mcp"]), 2);
    assert.equal(
      await released({ "services/api/handler.ts": "export const api = 3;\n" }, ["api"]),
      3,
    );
    const apiOfRelease = async (tag: number) => (await release(tag)).services.api.pointer;
    assert.notEqual(
      await apiOfRelease(3),
      await apiOfRelease(2),
      "release 3 published another api version",
    );

    const back = await client.rollback("production", { services: ["api"] });
    assert.equal(back.status, "succeeded", JSON.stringify(back.error));
    assert.equal((await pointers()).api, await apiOfRelease(2));
    const later = {
      "services/web/index.html": "<html>4</html>\n",
      "services/mcp/server.ts": "export const mcp = 4;\n",
    };
    assert.equal(await released(later, ["web", "mcp"]), 4);

    const dryRun = await client.start("production", "rollback", { services: "all" });
    assert.equal(dryRun.status, 400);
    assert.equal(dryRun.body.error?.details?.to, 2, "release 3 was rolled back: the target is 2");
    const all = await client.rollback("production", { services: "all" });
    assert.equal(all.status, "succeeded", JSON.stringify(all.error));
    const now = await pointers();
    assert.equal(
      now.api,
      await apiOfRelease(2),
      "the api stays on the version it was rolled back to",
    );
    assert.equal(now.mcp, (await release(2)).services.mcp.pointer);

    const named = await client.start("production", "rollback", {
      services: ["api"],
      to: 3,
      confirm: true,
    });
    assert.equal(named.status, 400);
    assert.equal(named.body.error?.code, "bad_release");
    assert.match(
      named.body.error?.message ?? "",
      /release 3 was rolled back \(api: rolled back to release 2 by ops-admin/,
    );
    const listed = await world.server.app.inject({
      url: "/stacks/production/releases",
      headers: world.server.auth("reader"),
    });
    const items = listed.json<{
      items: Array<{
        tag: number;
        bad: Record<string, { by: string; reason: string; operationId: string }>;
      }>;
    }>().items;
    assert.deepEqual(
      items.map((r) => r.tag),
      [4, 3, 2, 1],
    );
    assert.deepEqual(Object.keys(items[1]!.bad), ["api"]);
    assert.equal(items[1]!.bad.api!.operationId, back.id);
    assert.equal(items[1]!.bad.api!.by, "ops-admin");
    // Release 4 was rolled back from by the rollback of all: its web and mcp are marked too.
    assert.deepEqual(Object.keys(items[0]!.bad).sort(), ["mcp", "web"]);
  });

  it("a web move that landed is recorded and pinned, even when the invalidation after it is denied", async () => {
    const tag = await released({ "services/web/index.html": "<html>6</html>\n" }, ["web"]);
    proxy.inject({
      match: createInvalidation,
      times: 1_000,
      status: 403,
      headers: { "content-type": "text/xml" },
      body: `<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform cloudfront:CreateInvalidation</Message></Error><RequestId>f2</RequestId></ErrorResponse>`,
    });
    try {
      const rollback = await client.rollback("production", { services: ["web"], to: 2 });
      assert.equal(rollback.status, "failed");
      assert.equal(rollback.error?.code, "invalidation_failed");
      const target = (await release(2)).services.web.pointer;
      assert.equal((await pointers()).web, `/releases/${target}`);
      const live = (await stackView()).live;
      assert.deepEqual(
        [live.web!.pointer, live.web!.tag],
        [target, 2],
        "the journal says web moved",
      );
      assert.match(serverSettings(), new RegExp(`flightdeck:webPinnedRelease: "?${target}`));
      assert.ok(tag > 2);
    } finally {
      proxy.clear();
    }
  });

  it("an mcp rollback cancelled while its rollout never settles still writes its pin", async () => {
    const tag = await released({ "services/mcp/server.ts": "export const mcp = 7;\n" }, ["mcp"]);
    const updatesBefore = proxy.count(updateService);
    // Once the service was updated, ECS reports two deployments for ever: never steady.
    proxy.inject({
      match: (r) => describeServices(r) && proxy.count(updateService) > updatesBefore,
      times: 100_000,
      status: 200,
      headers: { "content-type": "application/x-amz-json-1.1" },
      body: JSON.stringify({
        services: [
          {
            serviceName: outputs.mcpServiceName,
            status: "ACTIVE",
            runningCount: 1,
            desiredCount: 1,
            deployments: [{ status: "PRIMARY", rolloutState: "IN_PROGRESS" }, { status: "ACTIVE" }],
          },
        ],
        failures: [],
      }),
    });
    try {
      const started = await client.start("production", "rollback", {
        services: ["mcp"],
        to: 2,
        confirm: true,
        allowBad: true,
      });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      const id = started.body.deployment.id;
      let operation: Operation = started.body.deployment;
      while (!operation.steps.some((s) => s.name === "rollout")) {
        await sleep(100);
        operation = await client.get(id);
        assert.equal(operation.status, "running", JSON.stringify(operation.error));
      }
      // Cancelling a rollback needs the rollback scope: a deploy token is refused.
      const refused = await world.server.app.inject({
        method: "POST",
        url: `/deployments/${id}/cancel`,
        headers: world.server.auth("deployer"),
      });
      assert.equal(refused.statusCode, 403, refused.body);
      const cancel = await world.server.app.inject({
        method: "POST",
        url: `/deployments/${id}/cancel`,
        headers: world.server.auth("admin"),
      });
      assert.equal(cancel.statusCode, 202, cancel.body);
      const cancelled = await client.finished(id);
      assert.equal(cancelled.status, "cancelled");
      const target = (await release(2)).services.mcp.pointer;
      assert.equal((await pointers()).mcp, target);
      assert.ok(
        serverSettings().includes(`flightdeck:mcpPinnedTaskDefinition: ${target}`),
        serverSettings(),
      );
      assert.equal(cancelled.steps.find((s) => s.name === "pin")?.status, "succeeded");
      assert.ok(tag > 2);
    } finally {
      proxy.clear();
    }
  });

  it("reconcile finds an alias moved by hand, records the drift and corrects live state", async () => {
    const before = await stackView();
    const other = (await release(3)).services.api.pointer;
    assert.notEqual(before.live.api!.pointer, other);
    await new LambdaClient(awsClientConfig(world.aws.moto.endpoint)).send(
      new UpdateAliasCommand({
        FunctionName: outputs.apiFunctionName,
        Name: "live",
        FunctionVersion: other,
      }),
    );
    const started = await world.server.app.inject({
      method: "POST",
      url: "/stacks/production/reconcile",
      headers: world.server.auth("admin"),
      payload: {},
    });
    assert.equal(started.statusCode, 202, started.body);
    const reconciled = await client.finished(
      started.json<{ deployment: Operation }>().deployment.id,
    );
    assert.equal(reconciled.status, "succeeded", JSON.stringify(reconciled.error));
    assert.deepEqual(reconciled.summary?.agreed, false);
    const after = await stackView();
    assert.deepEqual([after.live.api!.pointer, after.live.api!.tag], [other, 3]);
    assert.equal(after.liveCheck?.agreed, false);
    assert.match(
      after.liveCheck?.summary ?? "",
      new RegExp(`api: journal ${before.live.api!.pointer}, AWS ${other}`),
    );
    const events = await world.server.app.inject({
      url: `/deployments/${reconciled.id}/events`,
      headers: { ...world.server.auth("reader"), accept: "text/event-stream" },
    });
    assert.match(events.body, /drift: the journal had api on/);

    const again = await world.server.app.inject({
      method: "POST",
      url: "/stacks/production/reconcile",
      headers: world.server.auth("admin"),
      payload: {},
    });
    const second = await client.finished(again.json<{ deployment: Operation }>().deployment.id);
    assert.deepEqual(second.summary?.agreed, true);
    assert.equal((await stackView()).liveCheck?.agreed, true);
    const reader = await world.server.app.inject({
      method: "POST",
      url: "/stacks/production/reconcile",
      headers: world.server.auth("deployer"),
      payload: {},
    });
    assert.equal(reader.statusCode, 403, "reconcile needs the rollback scope");
  });
});
