import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { GetAliasCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { Operation } from "../../automation/journal/journal";
import { deploymentsClient } from "../support/deployments-client";
import { healthHash } from "../support/health-hash";
import { awsClientConfig } from "../../sandbox-world/moto-server";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";

describe("canary releases of the api", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let outputs: Record<string, string>;

  const alias = () =>
    new LambdaClient(awsClientConfig(world.aws.moto.endpoint)).send(
      new GetAliasCommand({ FunctionName: outputs.apiFunctionName, Name: "live" }),
    );

  /** Deploys with a canary and records every routing config the alias showed meanwhile. */
  async function deployWithCanary(
    canary: Record<string, unknown>,
    /** Called once, when the alias first shows the canary's weight. */
    onWeight?: () => void,
  ) {
    const started = await client.start("production", "deploy", { canary });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const routings = new Set<string>();
    let operation: Operation;
    for (;;) {
      operation = await client.get(started.body.deployment.id);
      const weights = (await alias()).RoutingConfig?.AdditionalVersionWeights ?? {};
      if (Object.keys(weights).length > 0) {
        if (routings.size === 0) onWeight?.();
        routings.add(JSON.stringify(weights));
      }
      if (operation.status !== "running") break;
      await sleep(100);
    }
    return { operation, routings: [...routings] };
  }

  before(async () => {
    world = await startReleaseWorld(["production"], { FLIGHTDECK_CANARY_PROBE_INTERVAL_MS: "50" });
    client = deploymentsClient(world.server);
  });

  after(() => world.stop());

  it("needs a live release, and a weight between 0 and 100", async () => {
    const first = await client.start("production", "deploy", {
      canary: { weight: 10, bakeSeconds: 5 },
    });
    assert.equal(first.status, 409);
    assert.equal(first.body.error?.code, "canary_needs_release");
    const bad = await client.start("production", "deploy", {
      canary: { weight: 100, bakeSeconds: 5 },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.body.error?.message ?? "", /\/body\/canary\/weight/);

    const released = await client.deploy("production");
    assert.equal(released.status, "succeeded", JSON.stringify(released.error));
    const response = await world.server.app.inject({
      url: "/stacks/production",
      headers: world.server.auth("reader"),
    });
    outputs = response.json<{ outputs: Record<string, string> }>().outputs;
  });

  it("a healthy canary gets its weight during the bake, then is promoted to 100 %", async () => {
    const stable = (await alias()).FunctionVersion!;
    const commit = world.repo.commit(
      { "services/api/handler.ts": "export const api = 2;\n" },
      "api",
    );
    const { operation, routings } = await deployWithCanary({ weight: 50, bakeSeconds: 2 });
    assert.equal(operation.status, "succeeded", JSON.stringify(operation.error));
    const canary = operation.steps.find((s) => s.name === "rollout");
    assert.equal(canary?.status, "succeeded");
    const detail = canary?.detail as Record<string, number | boolean | string>;
    assert.equal(detail.promoted, true);
    assert.equal(detail.stable, stable);
    assert.ok((detail.canaryAnswers as number) > 0 && (detail.stableAnswers as number) > 0);
    assert.deepEqual(routings, [JSON.stringify({ [detail.canary as string]: 0.5 })]);

    const after = await alias();
    assert.equal(after.FunctionVersion, detail.canary);
    assert.deepEqual(after.RoutingConfig?.AdditionalVersionWeights ?? {}, {});
    assert.equal(await healthHash(outputs.apiHealthUrl!), commit);
    assert.equal(operation.versions?.api, detail.canary);
    // The engine's state learns the promoted alias in the refresh that follows the deploy.
    const refresh = await client.followingRefresh("production", operation.id);
    assert.equal((await client.finished(refresh.id)).status, "succeeded");
    const stack = await world.server.app.inject({
      url: "/stacks/production",
      headers: world.server.auth("reader"),
    });
    assert.equal(
      stack.json<{ outputs: Record<string, string> }>().outputs.apiLiveVersion,
      detail.canary,
      "state agrees with the promoted alias",
    );
  });

  it("an unhealthy canary loses its weight, and the deploy ends rolled back from a bad release", async () => {
    const stable = await alias();
    const lastGood = await healthHash(outputs.apiHealthUrl!);
    const commit = world.repo.commit(
      { "services/api/handler.ts": "export const api = 3;\n" },
      "api",
    );
    // Healthy through its candidate check, failing once users reach it.
    const { operation, routings } = await deployWithCanary({ weight: 50, bakeSeconds: 5 }, () =>
      world.aws.runtime.failHash("api", commit),
    );
    assert.equal(operation.status, "failed");
    assert.equal(operation.rolledBack, true);
    assert.equal(operation.error?.code, "canary_failed");
    // Seen through alias candidate, which reaches the canary alone, or through live, as
    // the failure may start between the two probes of a look.
    assert.match(operation.error?.message ?? "", /answered HTTP 503/);
    // The weight may be gone again before this poll sees it, as the first failing look
    // ends the bake.
    const canary = operation.steps.find((s) => s.name === "rollout")?.detail ?? {};
    assert.equal(canary.reached, 50);
    assert.ok(Number(canary.probes) >= 1);
    assert.ok(
      routings.every((r) => r === JSON.stringify({ [String(canary.canary)]: 0.5 })),
      JSON.stringify(routings),
    );
    // It served users: recorded as a release, left, marked bad, then pushed.
    assert.deepEqual(operation.steps.map((s) => [s.name, s.status]).slice(-4), [
      ["rollout", "failed"],
      ["release", "succeeded"],
      ["rollback", "succeeded"],
      ["push", "succeeded"],
    ]);
    const after = await alias();
    assert.equal(after.FunctionVersion, stable.FunctionVersion);
    assert.deepEqual(after.RoutingConfig?.AdditionalVersionWeights ?? {}, {});
    assert.equal(await healthHash(outputs.apiHealthUrl!), lastGood);
    const { journal } = world.server.app;
    assert.equal((await journal.latestRelease("production"))?.tag, 3);
    const [mark] = await journal.badReleases("production");
    assert.equal(mark?.tag, 3);
    assert.match(mark?.reason ?? "", /answered HTTP 503, in the rollout of deploy/);
  });

  it("a failing canary at 1 % is stopped at the first look, not when a user's luck reaches it", async () => {
    const commit = world.repo.commit(
      { "services/api/handler.ts": "export const api = 4;\n" },
      "api at one percent",
    );
    const { operation } = await deployWithCanary({ weight: 1, bakeSeconds: 600 }, () =>
      world.aws.runtime.failHash("api", commit),
    );
    assert.equal(operation.status, "failed");
    assert.equal(operation.error?.code, "canary_failed");
    // Within its ten-minute bake: a look reached the canary through alias candidate.
    assert.match(operation.error?.message ?? "", /the canary's own health probe answered HTTP 503/);
  });
});
