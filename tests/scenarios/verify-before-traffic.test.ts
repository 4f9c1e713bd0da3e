import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { awsPointers, watchPointers } from "../support/aws-pointers";
import { deploymentsClient } from "../support/deployments-client";
import { healthHash } from "../support/health-hash";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";

/** Builds that fail where no user reaches them never take traffic; mcp's gate is ECS's. */
describe("verification before traffic: web pages and mcp rollouts", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let outputs: Record<string, string>;

  before(async () => {
    world = await startReleaseWorld(["production"]);
    client = deploymentsClient(world.server);
    const first = await client.deploy("production");
    assert.equal(first.status, "succeeded", JSON.stringify(first.error));
    outputs = await client.outputs("production");
  });

  after(() => world.stop());

  it("a web release whose page lacks the hash: the origin path never moves", async () => {
    const live = outputs.webLiveRelease!;
    const commit = world.repo.commit(
      {
        "services/web/index.html":
          "<html><head><!-- fixture: the build drops the git-hash --></head><body>broken</body></html>\n",
      },
      "web without its hash",
    );
    const watching = watchPointers(world.aws.aws.endpoint, outputs);
    const deployment = await client.deploy("production");
    const seen = await watching.stop();

    assert.equal(deployment.status, "failed");
    assert.equal(deployment.error?.code, "verification_failed");
    assert.notEqual(deployment.rolledBack, true);
    assert.match(
      deployment.error?.message ?? "",
      new RegExp(
        `web \\(candidate, s3://.*/releases/${commit}/index.html\\) is there and broken: HTTP 200 reporting no hash after 3 look`,
      ),
    );
    assert.match(deployment.error?.message ?? "", /web never took traffic/);
    assert.deepEqual(
      [...new Set(seen.map((pointers) => pointers.web))],
      [`/releases/${live}`],
      "the origin path never left the live release",
    );
    assert.equal(await healthHash(outputs.webUrl!), live);
    const stack = await world.server.app.inject({
      url: "/stacks/production",
      headers: world.server.auth("reader"),
    });
    assert.equal(stack.json<{ live: { web: { pointer: string } } }>().live.web.pointer, live);
  });

  it("an mcp rollout that ECS's circuit breaker undid is a failed deploy, and the journal says what runs", async () => {
    const live = (await client.outputs("production")).mcpTaskDefinitionArn!;
    world.repo.commit(
      { "services/mcp/server.ts": "// crash on start\nexport const mcp = 2;\n" },
      "mcp that crashes",
    );
    const deployment = await client.deploy("production");

    assert.equal(deployment.status, "failed");
    assert.equal(deployment.error?.code, "verification_failed");
    assert.match(
      deployment.error?.message ?? "",
      new RegExp(`ECS put mcp back on ${live.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} instead of`),
    );
    const verify = deployment.steps.find((s) => s.name === "verify");
    assert.equal(verify?.status, "failed");
    assert.equal((await awsPointers(world.aws.aws.endpoint, outputs)).mcp, live);
    assert.equal(
      await healthHash(outputs.mcpHealthUrl!),
      world.repo.remote!.git("rev-list", "-n", "1", "1"),
    );
    const stack = await world.server.app.inject({
      url: "/stacks/production",
      headers: world.server.auth("reader"),
    });
    const body = stack.json<{ live: { mcp: { pointer: string } }; lastRelease: { tag: number } }>();
    assert.equal(
      body.live.mcp.pointer,
      live,
      "the journal follows the task definition ECS put back",
    );
    assert.equal(body.lastRelease.tag, 1, "no release was recorded");
  });
});
