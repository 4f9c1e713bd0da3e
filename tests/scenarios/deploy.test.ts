import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Operation } from "../../automation/journal/journal";
import { deploymentsClient } from "../support/deployments-client";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { tokens } from "../support/server-fixture";
import { healthHash } from "../support/health-hash";
import { watchPointers } from "../support/aws-pointers";

describe("releasing through the automation server", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let outputs: Record<string, string>;

  const stackOutputs = async (stack: string) => {
    const response = await world.server.app.inject({
      url: `/stacks/${stack}`,
      headers: world.server.auth("reader"),
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{
      outputs: Record<string, string>;
      lastRelease: { tag: number } | null;
    }>();
  };

  before(async () => {
    world = await startReleaseWorld(["production", "staging"]);
    client = deploymentsClient(world.server);
  });

  after(() => world.stop());

  it("the first deploy releases every service and tags 1, streaming its steps and engine events", async () => {
    const commit = world.repo.git("rev-parse", "HEAD");
    const started = await client.start("production", "deploy");
    assert.equal(started.status, 202);
    assert.equal(started.body.deployment.requestedBy, "ops-admin");
    const base = await world.server.url();
    const stream = await fetch(`${base}/deployments/${started.body.deployment.id}/events`, {
      headers: { authorization: `Bearer ${tokens.reader}` },
    });
    const live = await stream.text();
    const deployment = await client.finished(started.body.deployment.id);

    assert.equal(deployment.status, "succeeded", JSON.stringify(deployment.error));
    assert.equal(deployment.releaseTag, 1);
    assert.equal(deployment.commit, commit);
    assert.deepEqual(deployment.affectedServices, ["api", "web", "mcp"]);
    assert.deepEqual(
      deployment.steps.map((s) => [s.name, s.status]),
      [
        "preflight",
        "change-analysis",
        "checkout",
        "install",
        "checks",
        "up",
        "verify",
        "bake",
        "release",
      ].map((name) => [name, "succeeded"]),
    );
    assert.equal(
      world.repo.remote!.git("rev-list", "-n", "1", "1"),
      commit,
      "tag 1 is on the deployed commit, pushed to the remote",
    );

    outputs = (await stackOutputs("production")).outputs;
    for (const url of [outputs.apiHealthUrl, outputs.webUrl, outputs.mcpHealthUrl]) {
      assert.equal(await healthHash(url!), commit);
    }

    // The stream followed the deploy to its end; a replay afterwards carries the same events.
    const seqs = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    assert.match(live, /event: engine/);
    assert.match(live, /"step":"release","status":"succeeded"/);
    assert.match(live, /event: status\ndata: .*"status":"succeeded"/);
    const replay = await (
      await fetch(`${base}/deployments/${deployment.id}/events`, {
        headers: { authorization: `Bearer ${tokens.reader}` },
      })
    ).text();
    assert.deepEqual(seqs(replay), seqs(live));
    assert.ok(seqs(live).length > 10);
  });

  it("a change with nothing deployable ends skipped, without running the engine", async () => {
    world.repo.commit({ "README.md": "# product, documented\n" }, "docs");
    const deployment = await client.deploy("production");
    assert.equal(deployment.status, "skipped");
    assert.deepEqual(deployment.affectedServices, []);
    assert.deepEqual(
      deployment.steps.map((s) => s.name),
      ["preflight", "change-analysis"],
    );
  });

  it("a web-only change releases only web; api and mcp keep their hash and have no diff", async () => {
    const first = world.repo.remote!.git("rev-list", "-n", "1", "1");
    const commit = world.repo.commit(
      { "services/web/index.html": "<html><body>new</body></html>\n" },
      "web",
    );
    const deployment = await client.deploy("production");
    assert.equal(deployment.status, "succeeded", JSON.stringify(deployment.error));
    assert.deepEqual(deployment.affectedServices, ["web"]);
    assert.equal(deployment.releaseTag, 2);
    assert.deepEqual(
      (deployment.summary as { resourceChanges: Record<string, number> }).resourceChanges,
      // The new release replaces the old one in state (its objects stay in the bucket);
      // the distribution is held during `up`, the cohort router and its store stay as they
      // are, and nothing of api or mcp changes.
      { create: 1, delete: 1, same: 17 },
    );
    assert.deepEqual(deployment.steps.map((s) => s.name).slice(-5), [
      "up",
      "verify",
      "traffic",
      "bake",
      "release",
    ]);
    assert.equal(await healthHash(outputs.webUrl!), commit);
    // The deploy reported before the engine's state learnt the move: a refresh follows it.
    const refresh = await client.followingRefresh("production", deployment.id);
    assert.equal(refresh.requestedBy, "flightdeck");
    assert.equal((await client.finished(refresh.id)).status, "succeeded");
    assert.equal(
      (await stackOutputs("production")).outputs.webLiveRelease,
      commit,
      "state follows the origin path the traffic step moved",
    );
    assert.equal(await healthHash(outputs.apiHealthUrl!), first);
    assert.equal(await healthHash(outputs.mcpHealthUrl!), first);
  });

  it("a build whose health answers 500 never takes traffic: alias live never moves, and the deploy fails at its first look", async () => {
    const previous = (await stackOutputs("production")).outputs.apiLiveVersion;
    const lastGood = world.repo.remote!.git("rev-list", "-n", "1", "1");
    const commit = world.repo.commit(
      { "services/api/handler.ts": "export const api = 2;\n" },
      "api",
    );
    world.aws.runtime.failHash("api", commit);
    const watching = watchPointers(world.aws.aws.endpoint, outputs);
    const deployment = await client.deploy("production");
    const seen = await watching.stop();

    assert.equal(deployment.status, "failed");
    assert.equal(deployment.error?.code, "verification_failed");
    assert.notEqual(
      deployment.rolledBack,
      true,
      "nothing took traffic, so nothing was rolled back",
    );
    assert.match(
      deployment.error?.message ?? "",
      /api \(candidate, .*:candidate\/health\) is there and broken: HTTP 503/,
    );
    assert.match(deployment.error?.message ?? "", /api never took traffic/);
    assert.deepEqual(
      deployment.steps.map((s) => [s.name, s.status]),
      [
        ["preflight", "succeeded"],
        ["change-analysis", "succeeded"],
        ["checkout", "succeeded"],
        ["install", "succeeded"],
        ["checks", "succeeded"],
        ["up", "succeeded"],
        ["verify", "failed"],
      ],
    );
    const verify = deployment.steps.find((s) => s.name === "verify")?.detail as {
      results: Array<{ service: string; verdict: string; attempts: number }>;
    };
    assert.deepEqual(
      verify.results.map((r) => [r.service, r.verdict, r.attempts]),
      [["api", "broken", 1]],
      "broken at the first look, without waiting for any backoff",
    );
    assert.ok(seen.length > 3, `the alias was read ${seen.length} times during the deploy`);
    assert.deepEqual(
      [...new Set(seen.map((pointers) => pointers.api))],
      [previous],
      "alias live never left the previous version",
    );
    assert.equal(await healthHash(outputs.apiHealthUrl!), lastGood);
    const after = await stackOutputs("production");
    assert.equal(after.outputs.apiLiveVersion, previous, "state agrees with the alias");
    assert.equal(after.lastRelease?.tag, 2, "no release was recorded");
    assert.equal(world.repo.remote!.git("tag", "--list", "3"), "");
  });

  it("of 20 concurrent deploys on one stack exactly one runs; the rest get 409 naming the holder", async () => {
    world.repo.commit({ "services/api/handler.ts": "export const api = 3;\n" }, "api fixed");
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () => client.start("staging", "deploy")),
    );
    const accepted = attempts.filter((a) => a.status === 202);
    const refused = attempts.filter((a) => a.status === 409);
    assert.equal(accepted.length, 1);
    assert.equal(refused.length, 19);
    const holder = accepted[0]!.body.deployment;
    for (const attempt of refused) {
      assert.equal(attempt.body.error?.code, "stack_busy");
      assert.match(
        attempt.body.error?.message ?? "",
        new RegExp(`deploy ${holder.id} requested by ops-admin`),
      );
    }
    const done = await client.finished(holder.id);
    assert.equal(done.status, "succeeded", JSON.stringify(done.error));
  });

  it("two stacks deploy in parallel", async () => {
    world.repo.commit({ "services/mcp/server.ts": "export const mcp = 2;\n" }, "mcp");
    const [production, staging] = await Promise.all([
      client.start("production", "deploy"),
      client.start("staging", "deploy"),
    ]);
    assert.equal(production.status, 202);
    assert.equal(staging.status, 202);
    const results: Operation[] = await Promise.all([
      client.finished(production.body.deployment.id),
      client.finished(staging.body.deployment.id),
    ]);
    for (const result of results)
      assert.equal(result.status, "succeeded", JSON.stringify(result.error));
    assert.notEqual(results[0]!.releaseTag, results[1]!.releaseTag, "each release has its own tag");
  });
});
