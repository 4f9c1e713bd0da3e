import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { GetAliasCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { Operation, OperationEvent } from "../../automation/journal/journal";
import { awsClientConfig } from "../../sandbox-world/moto-server";
import { deploymentsClient } from "../support/deployments-client";
import { putLambdaVersionServed, type VersionServed } from "../support/put-version-metrics";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { putApiErrorsAlarm, setAlarmState } from "../support/watched-alarm";

const alarmName = "fd-production-api-errors";

/** The stack's committed settings: analysis on a short interval, and the api's alarm watched. */
const settings = `config:
  flightdeck:stage: production
  flightdeck:name: fd
  flightdeck:alarms:
    api:
      - ${alarmName}
  flightdeck:analysis:
    minRequests: 20
    intervalSeconds: 1
`;

/** What a version serves each time metrics are put: requests and errors. */
type Serving = Record<"stable" | "canary", VersionServed>;
const healthy: Serving = {
  stable: { requests: 100, errors: 1 },
  canary: { requests: 100, errors: 1 },
};

describe("api rollouts: steps, per-version analysis, manual control, hotfixes", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let lambda: LambdaClient;
  let cloudwatch: CloudWatchClient;
  let functionName: string;
  let change = 0;

  const alias = () =>
    lambda.send(new GetAliasCommand({ FunctionName: functionName, Name: "live" }));

  /** Publishes what each build behind alias `live` served, as Lambda does per executed version. */
  async function publish(serving: Serving) {
    const now = await alias();
    const weights = now.RoutingConfig?.AdditionalVersionWeights ?? {};
    const builds = { stable: now.FunctionVersion!, canary: Object.keys(weights)[0] };
    for (const side of ["stable", "canary"] as const) {
      const version = builds[side];
      if (!version) continue;
      await putLambdaVersionServed(
        cloudwatch,
        { functionName, alias: "live", version },
        serving[side],
      );
    }
  }

  /**
   * Deploys an api change with `body`, publishing metrics (chosen by the weight the canary
   * has) and recording every routing the alias showed, until the deploy ends.
   */
  async function rollOut(
    body: Record<string, unknown>,
    serving: (weight: number) => Serving = () => healthy,
    onRunning?: (id: string, weight: number) => Promise<void>,
    headers = world.server.auth("admin"),
  ) {
    world.repo.commit(
      { "services/api/handler.ts": `export const api = "rollout ${++change}";\n` },
      "api",
    );
    const response = await fetch(`${await world.server.url()}/stacks/production/deploy`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const started = (await response.json()) as { deployment: Operation };
    assert.equal(response.status, 202, JSON.stringify(started));
    const id = started.deployment.id;
    const weights: number[] = [];
    for (;;) {
      const operation = await client.get(id);
      if (operation.status !== "running") {
        const events = await world.server.app.journal.listEvents(id);
        return { operation, weights, rollout: rolloutEvents(events) };
      }
      const routing = (await alias()).RoutingConfig?.AdditionalVersionWeights ?? {};
      const weight = Math.round((Object.values(routing)[0] ?? 0) * 100);
      if (weight > 0 && weights.at(-1) !== weight) weights.push(weight);
      await publish(serving(weight));
      await onRunning?.(id, weight);
      await sleep(150);
    }
  }

  before(async () => {
    world = await startReleaseWorld(["production"], { FLIGHTDECK_CANARY_PROBE_INTERVAL_MS: "100" });
    client = deploymentsClient(world.server);
    const config = awsClientConfig(world.aws.moto.endpoint);
    lambda = new LambdaClient(config);
    cloudwatch = new CloudWatchClient(config);
    await putApiErrorsAlarm(cloudwatch, alarmName);
    await setAlarm("OK");
    world.repo.commit({ "Pulumi.production.yaml": settings }, "analysis and alarms");
    const first = await client.deploy("production");
    assert.equal(first.status, "succeeded", JSON.stringify(first.error));
    functionName = await apiFunctionName();
  });

  after(() => world.stop());

  async function apiFunctionName(): Promise<string> {
    const response = await world.server.app.inject({
      url: "/stacks/production",
      headers: world.server.auth("reader"),
    });
    return response.json<{ outputs: { apiFunctionName: string } }>().outputs.apiFunctionName;
  }

  const setAlarm = (state: "OK" | "ALARM") => setAlarmState(cloudwatch, alarmName, state);

  it("a three-step rollout is promoted on healthy metrics, judged at each step", async () => {
    const stable = (await alias()).FunctionVersion;
    const { operation, weights, rollout } = await rollOut({
      rollout: {
        api: { steps: [{ weight: 10, pause: "3s" }, { weight: 50, pause: "3s" }, { weight: 100 }] },
      },
    });
    assert.equal(operation.status, "succeeded", JSON.stringify(operation.error));
    assert.deepEqual(weights, [10, 50]);
    const judged = rollout.filter((event) => event.judgement);
    assert.ok(
      judged.some((event) => event.weight === 10),
      JSON.stringify(rollout),
    );
    assert.ok(
      judged.some((event) => event.weight === 50),
      JSON.stringify(rollout),
    );
    // A look may come before the first metrics land (inconclusive); none may fail, and each
    // step ends on a pass.
    assert.ok(
      judged.every((event) => event.judgement!.verdict !== "fail"),
      JSON.stringify(judged),
    );
    for (const weight of [10, 50]) {
      const last = judged.filter((event) => event.weight === weight).at(-1);
      assert.equal(last?.judgement?.verdict, "pass", JSON.stringify(judged));
    }
    assert.equal(rollout.at(-1)?.state, "promoted");
    // The journaled step keeps the last judgement, with its numbers (webhooks carry it too).
    const step = operation.steps.find((s) => s.name === "rollout");
    assert.deepEqual((step?.detail?.judgement as { verdict?: string }).verdict, "pass");
    const now = await alias();
    assert.notEqual(now.FunctionVersion, stable);
    assert.deepEqual(now.RoutingConfig?.AdditionalVersionWeights ?? {}, {});
  });

  it("an erring canary is aborted at step 2 and its release marked bad with the numbers", async () => {
    const stable = (await alias()).FunctionVersion;
    const { operation, weights } = await rollOut(
      {
        rollout: {
          api: {
            steps: [{ weight: 10, pause: "2s" }, { weight: 50, pause: "30s" }, { weight: 100 }],
          },
        },
      },
      (weight) => (weight === 50 ? { ...healthy, canary: { requests: 100, errors: 20 } } : healthy),
    );
    assert.equal(operation.status, "failed");
    assert.equal(operation.error?.code, "analysis_failed");
    assert.match(operation.error?.message ?? "", /stopped at 50 %: canary error rate/);
    assert.equal(operation.rolledBack, true);
    assert.deepEqual(weights, [10, 50]);
    const now = await alias();
    assert.equal(now.FunctionVersion, stable);
    assert.deepEqual(now.RoutingConfig?.AdditionalVersionWeights ?? {}, {});
    const bad = (await world.server.app.journal.badReleases("production")).find(
      (mark) => mark.tag === operation.releaseTag,
    );
    assert.match(bad?.reason ?? "", /canary error rate .*%.* in the rollout of deploy/);
  });

  it("a manual pause holds its weight until promoted", async () => {
    let pausedAt: number | undefined;
    const { operation, weights } = await rollOut(
      { rollout: { api: { steps: [{ weight: 20, pause: "manual" }, { weight: 100 }] } } },
      () => healthy,
      async (id, weight) => {
        if (weight !== 20) return;
        pausedAt ??= Date.now();
        // Held for a while, with nobody acting: it stays there.
        if (Date.now() - pausedAt < 2_000) return;
        const promoted = await fetch(`${await world.server.url()}/deployments/${id}/promote`, {
          method: "POST",
          headers: { ...world.server.auth("deployer"), "content-type": "application/json" },
          body: JSON.stringify({ reason: "looks good" }),
        });
        assert.equal(promoted.status, 202, await promoted.text());
        pausedAt = Number.POSITIVE_INFINITY;
      },
    );
    assert.equal(operation.status, "succeeded", JSON.stringify(operation.error));
    assert.deepEqual(weights, [20]);
    assert.equal(pausedAt, Number.POSITIVE_INFINITY, "promoted by the request");
  });

  it("a hotfix ships while the alarm fires when it says it is one; otherwise it is refused", async () => {
    await setAlarm("ALARM");
    try {
      const refused = await rollOut({});
      assert.equal(refused.operation.status, "failed");
      assert.match(refused.operation.error?.message ?? "", /in ALARM/);

      const hotfix = {
        incident: { reason: "INC-42: api errors" },
        rollout: { api: { steps: [{ weight: 50, pause: "2s" }, { weight: 100 }] } },
      };
      const forbidden = await fetch(`${await world.server.url()}/stacks/production/deploy`, {
        method: "POST",
        headers: { ...world.server.auth("deployer"), "content-type": "application/json" },
        body: JSON.stringify(hotfix),
      });
      assert.equal(forbidden.status, 403);

      // The stable version is what fails; the canary is judged on its own numbers.
      const shipped = await rollOut(hotfix, () => ({
        stable: { requests: 100, errors: 60 },
        canary: { requests: 100, errors: 0 },
      }));
      assert.equal(shipped.operation.status, "succeeded", JSON.stringify(shipped.operation.error));
      const release = await world.server.app.journal.getRelease(
        "production",
        shipped.operation.releaseTag!,
      );
      assert.deepEqual(release?.incident, { reason: "INC-42: api errors", by: "ops-admin" });
    } finally {
      await setAlarm("OK");
    }
  });
});

/** The rollout events of an operation (kind `rollout` log events), in order. */
function rolloutEvents(events: OperationEvent[]) {
  return events
    .filter((event) => event.type === "log" && event.data.kind === "rollout")
    .map(
      (event) =>
        event.data as {
          weight: number;
          state: string;
          judgement?: { verdict: string; reason: string };
        },
    );
}
