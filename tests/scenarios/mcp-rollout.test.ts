import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import {
  DescribeListenersCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { otherMcpSide } from "../../automation/domain/mcp-blue-green-outputs";
import type { Operation } from "../../automation/journal/journal";
import { weightsOf, type McpWeights } from "../../automation/traffic/mcp-listener-weights";
import { awsClientConfig } from "../../sandbox-world/moto-server";
import { deploymentsClient } from "../support/deployments-client";
import { healthHash } from "../support/health-hash";
import { putServedMinutes, targetGroupMetricNames } from "../support/put-version-metrics";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";

type Side = "blue" | "green";

interface PairOutputs {
  mcpListenerArn: string;
  mcpTargetGroups: Record<Side, string>;
  mcpServiceNames: Record<Side, string>;
  mcpClusterName: string;
  mcpHealthUrl: string;
  mcpLiveSide: Side;
  mcpServiceName: string;
}

describe("mcp rollouts: blue/green by the listener's weights", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let elbv2: ElasticLoadBalancingV2Client;
  let ecs: ECSClient;
  let pair: PairOutputs;
  let change = 0;

  async function stackOutputs(): Promise<PairOutputs> {
    const response = await world.server.app.inject({
      url: "/stacks/production",
      headers: world.server.auth("reader"),
    });
    return response.json<{ outputs: PairOutputs }>().outputs;
  }

  /** The listener's weights as the emulator has them. */
  async function weights(): Promise<McpWeights> {
    const { Listeners } = await elbv2.send(
      new DescribeListenersCommand({ ListenerArns: [pair.mcpListenerArn] }),
    );
    return weightsOf(Listeners?.[0]?.DefaultActions, pair.mcpTargetGroups);
  }

  async function desiredCounts(): Promise<Record<Side, number | undefined>> {
    const { services } = await ecs.send(
      new DescribeServicesCommand({
        cluster: pair.mcpClusterName,
        services: [pair.mcpServiceNames.blue, pair.mcpServiceNames.green],
      }),
    );
    const of = (side: Side) =>
      services?.find((s) => s.serviceName === pair.mcpServiceNames[side])?.desiredCount;
    return { blue: of("blue"), green: of("green") };
  }

  /**
   * Deploys an mcp change with `rollout`, reading the listener's weights from the emulator
   * until the deploy ends: every distinct weight the new side had, in order.
   */
  async function rollOut(
    rollout: Record<string, unknown>,
    newSide: Side,
    onRunning?: (id: string, seen: number[]) => Promise<void>,
  ) {
    const commit = world.repo.commit(
      { "services/mcp/server.ts": `export const mcp = ${++change + 1};\n` },
      "mcp",
    );
    const response = await fetch(`${await world.server.url()}/stacks/production/deploy`, {
      method: "POST",
      headers: { ...world.server.auth("admin"), "content-type": "application/json" },
      body: JSON.stringify({ rollout: { mcp: rollout } }),
    });
    const started = (await response.json()) as { deployment: Operation };
    assert.equal(response.status, 202, JSON.stringify(started));
    const id = started.deployment.id;
    const seen: number[] = [];
    for (;;) {
      const operation = await client.get(id);
      if (operation.status !== "running") return { operation, seen, commit };
      const weight = (await weights())[newSide];
      if (seen.at(-1) !== weight) seen.push(weight);
      await onRunning?.(id, seen);
      await sleep(100);
    }
  }

  before(async () => {
    world = await startReleaseWorld(["production"], { FLIGHTDECK_CANARY_PROBE_INTERVAL_MS: "100" });
    client = deploymentsClient(world.server);
    elbv2 = new ElasticLoadBalancingV2Client(awsClientConfig(world.aws.moto.endpoint));
    ecs = new ECSClient(awsClientConfig(world.aws.moto.endpoint));
    const first = await client.deploy("production");
    assert.equal(first.status, "succeeded", JSON.stringify(first.error));
    pair = await stackOutputs();
  });

  after(() => world.stop());

  it("a three-step rollout moves the listener to green step by step, then green is live", async () => {
    assert.deepEqual(await weights(), { blue: 100, green: 0 });
    const { operation, seen, commit } = await rollOut(
      { steps: [{ weight: 10, pause: "2s" }, { weight: 50, pause: "2s" }, { weight: 100 }] },
      "green",
    );
    assert.equal(operation.status, "succeeded", JSON.stringify(operation.error));
    // Read back from the emulator while it ran: each step's weight, and all of it at the end.
    assert.deepEqual(
      seen.filter((weight) => weight > 0),
      [10, 50, 100],
    );
    assert.deepEqual(await weights(), { blue: 0, green: 100 });
    assert.deepEqual(await desiredCounts(), { blue: 0, green: 1 });
    assert.equal(await healthHash(pair.mcpHealthUrl), commit);
    // The next `up` declares green live: a deploy of another service leaves the listener be.
    world.repo.commit({ "services/web/index.html": "<html><body>w</body></html>\n" }, "web");
    const web = await client.deploy("production");
    assert.equal(web.status, "succeeded", JSON.stringify(web.error));
    assert.deepEqual(await weights(), { blue: 0, green: 100 });
    assert.equal(await healthHash(pair.mcpHealthUrl), commit);
    const declared = await stackOutputs();
    assert.deepEqual([declared.mcpLiveSide, declared.mcpServiceName], ["green", "mcp-green"]);
  });

  it("abort from the API while a step holds sets the weights back to the live side", async () => {
    const live = await healthHash(pair.mcpHealthUrl);
    let asked = false;
    const { operation, seen } = await rollOut(
      { steps: [{ weight: 30, pause: "manual" }, { weight: 100 }] },
      "blue",
      async (id, weightsSeen) => {
        if (asked || !weightsSeen.at(-1)) return;
        asked = true;
        const response = await fetch(`${await world.server.url()}/deployments/${id}/abort`, {
          method: "POST",
          headers: { ...world.server.auth("admin"), "content-type": "application/json" },
          body: JSON.stringify({ reason: "errors up" }),
        });
        assert.equal(response.status, 202, await response.text());
      },
    );
    assert.equal(operation.status, "failed", JSON.stringify(operation));
    assert.equal(operation.error?.code, "rollout_aborted");
    assert.ok(seen.includes(30), JSON.stringify(seen));
    assert.deepEqual(await weights(), { blue: 0, green: 100 });
    assert.deepEqual(await desiredCounts(), { blue: 0, green: 1 });
    assert.equal(await healthHash(pair.mcpHealthUrl), live);
    // It served users at 30 %: a release, left and marked bad by the rollback's move.
    const bad = await world.server.app.journal.badReleases("production");
    assert.ok(
      bad.some((mark) => mark.tag === operation.releaseTag && /stopped at 30 %/.test(mark.reason)),
      JSON.stringify(bad),
    );
  });

  it("a cancel while a step holds gives the live side all traffic and scales the new side to nothing", async () => {
    const { mcpLiveSide: liveSide } = await stackOutputs();
    const newSide = otherMcpSide(liveSide);
    const live = await healthHash(pair.mcpHealthUrl);
    let cancelled = false;
    const { operation, seen } = await rollOut(
      { steps: [{ weight: 20, pause: "manual" }, { weight: 100 }] },
      newSide,
      async (id, weightsSeen) => {
        if (cancelled || !weightsSeen.at(-1)) return;
        cancelled = true;
        assert.equal((await desiredCounts())[newSide], 1, "the new side runs while it holds");
        const response = await world.server.app.inject({
          method: "POST",
          url: `/deployments/${id}/cancel`,
          headers: world.server.auth("admin"),
        });
        assert.equal(response.statusCode, 202, response.body);
      },
    );
    assert.equal(operation.status, "cancelled", JSON.stringify(operation));
    assert.ok(seen.includes(20), JSON.stringify(seen));
    assert.deepEqual(await weights(), { [liveSide]: 100, [newSide]: 0 });
    assert.deepEqual(await desiredCounts(), { [liveSide]: 1, [newSide]: 0 });
    assert.equal(await healthHash(pair.mcpHealthUrl), live);
  });

  it("refuses steps that are not whole percents, as the listener's weights are whole numbers", async () => {
    const response = await fetch(`${await world.server.url()}/stacks/production/deploy`, {
      method: "POST",
      headers: { ...world.server.auth("admin"), "content-type": "application/json" },
      body: JSON.stringify({
        rollout: { mcp: { steps: [{ weight: 2.5, pause: "1s" }, { weight: 100 }] } },
      }),
    });
    const answer = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(response.status, 400, JSON.stringify(answer));
    assert.equal(answer.error.code, "invalid_rollout");
    assert.match(
      answer.error.message,
      /\/body\/rollout\/mcp: mcp's steps are whole percents, not 2\.5/,
    );
  });

  // Last: the stack's analysis rules it commits judge every later rollout.
  it("a canary side whose target group answers 5XX fails its judgement and leaves the listener", async () => {
    world.repo.commit(
      {
        "Pulumi.production.yaml": `config:
  flightdeck:stage: production
  flightdeck:name: fd
  flightdeck:analysis: { minRequests: 5, intervalSeconds: 1 }
`,
      },
      "analysis every second",
    );
    const outputs = (await stackOutputs()) as PairOutputs & {
      mcpLoadBalancerArnSuffix: string;
      mcpTargetGroupArnSuffixes: Record<Side, string>;
    };
    pair = outputs;
    const liveSide = outputs.mcpLiveSide;
    const newSide = otherMcpSide(liveSide);
    const cloudwatch = new CloudWatchClient(awsClientConfig(world.aws.moto.endpoint));
    const publish = (side: Side, requests: number, errors: number) =>
      putServedMinutes(
        cloudwatch,
        "AWS/ApplicationELB",
        targetGroupMetricNames,
        [
          { Name: "TargetGroup", Value: outputs.mcpTargetGroupArnSuffixes[side] },
          { Name: "LoadBalancer", Value: outputs.mcpLoadBalancerArnSuffix },
        ],
        [{ at: new Date(), requests, errors, durations: { values: [0.05], counts: [requests] } }],
      );
    let published = false;
    const { operation, seen } = await rollOut(
      { steps: [{ weight: 25, pause: "30s" }, { weight: 100 }] },
      newSide,
      async (_id, weightsSeen) => {
        if (published || !weightsSeen.at(-1)) return;
        published = true;
        // What the ALB publishes per target group while the new side takes its share.
        await publish(liveSide, 300, 0);
        await publish(newSide, 100, 40);
      },
    );
    assert.equal(operation.status, "failed", JSON.stringify(operation));
    assert.equal(operation.error?.code, "analysis_failed", JSON.stringify(operation));
    assert.match(
      operation.error?.message ?? "",
      /mcp rollout .* stopped at 25 %: canary error rate/,
    );
    assert.ok(seen.includes(25), JSON.stringify(seen));
    assert.deepEqual(await weights(), { [liveSide]: 100, [newSide]: 0 });
    const step = operation.steps.filter((s) => s.name === "rollout").at(-1);
    const judgement = step?.detail?.judgement as { verdict: string; canary: { errors: number } };
    assert.deepEqual([judgement.verdict, judgement.canary.errors], ["fail", 40]);
  });
});
