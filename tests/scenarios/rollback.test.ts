import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CloudFrontClient, GetInvalidationCommand } from "@aws-sdk/client-cloudfront";
import type { Operation } from "../../automation/journal/journal";
import { awsPointers } from "../support/aws-pointers";
import { deploymentsClient } from "../support/deployments-client";
import { healthHash } from "../support/health-hash";
import { awsClientConfig } from "../../sandbox-world/moto-server";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";

describe("rollback through the automation server", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let outputs: Record<string, string>;
  const commits: string[] = [];

  /** The pointers as AWS has them: alias version, task definition, web origin path. */
  async function pointers() {
    const { apiWeights, ...found } = await awsPointers(world.aws.moto.endpoint, outputs);
    return found;
  }

  async function liveHashes() {
    return {
      api: await healthHash(outputs.apiHealthUrl!),
      web: await healthHash(outputs.webUrl!),
      mcp: await healthHash(outputs.mcpHealthUrl!),
    };
  }

  const release = async (tag: number) =>
    (await world.server.app.journal.getRelease("production", tag))!.services;

  before(async () => {
    world = await startReleaseWorld(["production"]);
    client = deploymentsClient(world.server);
    commits.push(world.repo.git("rev-parse", "HEAD"));
    assert.equal((await client.deploy("production")).releaseTag, 1);
    commits.push(
      world.repo.commit({ "services/shared/version.ts": "export const v = 2;\n" }, "all"),
    );
    assert.equal((await client.deploy("production")).releaseTag, 2);
    const response = await world.server.app.inject({
      url: "/stacks/production",
      headers: world.server.auth("reader"),
    });
    outputs = response.json<{ outputs: Record<string, string> }>().outputs;
  });

  after(() => world.stop());

  it("without confirm answers 400 with what would change, and moves nothing", async () => {
    const before = await pointers();
    const dryRun = await client.start("production", "rollback", { services: "all" });
    assert.equal(dryRun.status, 400);
    assert.equal(dryRun.body.error?.code, "confirmation_required");
    const details = dryRun.body.error?.details as {
      to: number;
      changes: Array<{ service: string; from: string; to: string; fromTag: number }>;
    };
    assert.equal(details.to, 1);
    const [release1, release2] = [await release(1), await release(2)];
    assert.deepEqual(
      details.changes.map((c) => [c.service, c.fromTag, c.from, c.to]),
      (["api", "web", "mcp"] as const).map((s) => [s, 2, release2[s].pointer, release1[s].pointer]),
    );
    assert.deepEqual(await pointers(), before);
  });

  it("refuses an unknown target with a 404 naming it, and a bad body naming the field", async () => {
    const unknown = await client.start("production", "rollback", {
      services: ["api"],
      to: 99,
      confirm: true,
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error?.code, "release_not_found");
    assert.match(unknown.body.error?.message ?? "", /release 99 of stack production/);

    const deployer = await world.server.app.inject({
      method: "POST",
      url: "/stacks/production/rollback",
      headers: world.server.auth("deployer"),
      payload: { services: ["api"], confirm: true },
    });
    assert.equal(deployer.statusCode, 403, "rolling back takes the rollback scope");

    const bad = await client.start("production", "rollback", { services: ["db"], confirm: true });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error?.code, "invalid_request");
    assert.match(bad.body.error?.message ?? "", /\/body\/services/);
  });

  it("moves every pointer back to the release before the live one and verifies health", async () => {
    assert.deepEqual(await liveHashes(), { api: commits[1], web: commits[1], mcp: commits[1] });
    const rollback = await client.rollback("production", { services: "all" });
    assert.equal(rollback.status, "succeeded", JSON.stringify(rollback.error));
    assert.equal(rollback.kind, "rollback");
    assert.deepEqual(
      rollback.steps.map((s) => [s.name, s.status]),
      ["pointers", "rollout", "pin", "verify"].map((name) => [name, "succeeded"]),
    );
    assert.equal(rollback.steps.find((s) => s.name === "rollout")?.detail?.steady, true);
    assert.deepEqual(await liveHashes(), { api: commits[0], web: commits[0], mcp: commits[0] });
    const target = await release(1);
    assert.deepEqual(await pointers(), {
      api: target.api.pointer,
      mcp: target.mcp.pointer,
      web: `/releases/${target.web.pointer}`,
    });
    assert.deepEqual(rollback.versions, {
      api: target.api.pointer,
      web: target.web.pointer,
      mcp: target.mcp.pointer,
    });

    // The web move invalidated what must be fresh; hashed assets never need it.
    const moves = rollback.steps.find((s) => s.name === "pointers")?.detail?.moves as Array<{
      service: string;
      invalidationId?: string;
    }>;
    const Id = moves.find((move) => move.service === "web")?.invalidationId;
    assert.ok(Id, JSON.stringify(moves));
    const invalidation = await new CloudFrontClient(awsClientConfig(world.aws.moto.endpoint)).send(
      new GetInvalidationCommand({ DistributionId: outputs.webDistributionId, Id }),
    );
    assert.deepEqual(invalidation.Invalidation?.InvalidationBatch?.Paths?.Items, [
      "/",
      "/index.html",
    ]);

    const stack = await world.server.app.inject({
      url: "/stacks/production",
      headers: world.server.auth("reader"),
    });
    const { live, lastRelease } = stack.json<{
      live: Record<string, { tag: number; pointer: string }>;
      lastRelease: { tag: number };
    }>();
    assert.equal(lastRelease.tag, 2, "the last release is still 2");
    for (const service of ["api", "web", "mcp"] as const) {
      assert.deepEqual(live[service], { ...target[service], tag: 1 }, `${service} runs release 1`);
    }

    // The engine's state learns the moves in a refresh of the server's own, after the
    // rollback reported; asked for an operation meanwhile, it gives way instead of a 409.
    const following = await client.followingRefresh("production", rollback.id);
    assert.equal(following.requestedBy, "flightdeck");
    assert.equal(following.status, "running");
    const asked = await client.start("production", "refresh");
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    const superseded = await client.finished(following.id);
    assert.equal(superseded.status, "cancelled");
    const refreshed = await client.finished(asked.body.deployment.id);
    assert.equal(refreshed.status, "succeeded", JSON.stringify(refreshed.error));
    assert.equal((await client.outputs("production")).apiLiveVersion, target.api.pointer);
  });

  it("rolling back to what is already live is a no-op that says so", async () => {
    const noop = await client.start("production", "rollback", {
      services: ["api"],
      to: 1,
      confirm: true,
    });
    assert.equal(noop.status, 200, JSON.stringify(noop.body));
    assert.equal(noop.body.noop, true);
    assert.match(noop.body.message ?? "", /api already on release 1/);
  });

  it("takes the stack's lock: during a deploy a rollback gets 409", async () => {
    world.repo.commit({ "services/mcp/server.ts": "export const mcp = 3;\n" }, "mcp");
    const deploy = await client.start("production", "deploy");
    assert.equal(deploy.status, 202, JSON.stringify(deploy.body));
    const refused = await client.start("production", "rollback", {
      services: ["api"],
      to: 2,
      confirm: true,
      allowBad: true,
    });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error?.code, "stack_busy");
    const deployed: Operation = await client.finished(deploy.body.deployment.id);
    assert.equal(deployed.status, "succeeded", JSON.stringify(deployed.error));
    assert.deepEqual(deployed.affectedServices, ["mcp"]);
  });

  it("survives the next up: a web deploy leaves api rolled back; the next api deploy clears the pin", async () => {
    const rolledBackVersion = (await release(1)).api.pointer;
    const web = world.repo.commit({ "services/web/index.html": "<html>4</html>\n" }, "web");
    const webDeploy = await client.deploy("production");
    assert.equal(webDeploy.status, "succeeded", JSON.stringify(webDeploy.error));
    assert.deepEqual(webDeploy.affectedServices, ["web"]);
    assert.equal((await pointers()).api, rolledBackVersion);
    assert.equal(await healthHash(outputs.apiHealthUrl!), commits[0]);
    assert.equal(await healthHash(outputs.webUrl!), web);
    assert.deepEqual(
      (await release(webDeploy.releaseTag!)).api,
      (await release(1)).api,
      "the new release records the api that really runs",
    );

    const api = world.repo.commit({ "services/api/handler.ts": "export const api = 5;\n" }, "api");
    const apiDeploy = await client.deploy("production");
    assert.equal(apiDeploy.status, "succeeded", JSON.stringify(apiDeploy.error));
    assert.notEqual((await pointers()).api, rolledBackVersion);
    assert.equal(await healthHash(outputs.apiHealthUrl!), api);
  });
});
