import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { defaultAnalysisRules as rules } from "../../automation/analysis/analysis-rules";
import { judgeCanary } from "../../automation/analysis/judge-canary";
import { readTargetGroupMetrics } from "../../automation/analysis/target-group-metrics";
import type { VersionMetrics } from "../../automation/analysis/version-metrics";
import { awsClientConfig, startMotoServer, type MotoServer } from "../../sandbox-world/moto-server";
import {
  minutesAgo,
  putServedMinutes,
  targetGroupMetricNames,
  type ServedMinute,
} from "../support/put-version-metrics";

const loadBalancer = "app/fd-production-mcp/50dc6c495c0c9188";
const blue = "targetgroup/fd-mcp-blue/73e2d6bc24d8a067";
const green = "targetgroup/fd-mcp-green/8f1e0a2b3c4d5e6f";
const idle = "targetgroup/fd-mcp-idle/0123456789abcdef";

/** What each target group served, response times in seconds as the ALB publishes them. */
const served: Record<string, ServedMinute[]> = {
  // stable: 0.5 % 5XX, p99 125 ms
  [blue]: [
    {
      at: minutesAgo(4),
      requests: 1000,
      errors: 5,
      durations: { values: [0.0625, 0.125, 0.5], counts: [900, 95, 5] },
    },
  ],
  // canary: 3.0 % 5XX, p99 250 ms
  [green]: [
    { at: minutesAgo(4), requests: 60, errors: 3, durations: { values: [0.125], counts: [60] } },
    { at: minutesAgo(3), requests: 40, durations: { values: [0.125, 0.25], counts: [35, 5] } },
  ],
  // another canary: no 5XX, so the ALB publishes no 5XX datapoint at all; p99 125 ms
  [idle]: [
    { at: minutesAgo(3), requests: 60, durations: { values: [0.0625, 0.125], counts: [50, 10] } },
  ],
};

describe("reading an ALB's target groups from CloudWatch and judging the canary", () => {
  let moto: MotoServer;
  let cloudwatch: CloudWatchClient;
  let metrics: Record<string, VersionMetrics>;

  before(async () => {
    moto = await startMotoServer();
    cloudwatch = new CloudWatchClient(awsClientConfig(moto.endpoint));
    for (const [targetGroup, minutes] of Object.entries(served)) {
      const dimensions = [
        { Name: "TargetGroup", Value: targetGroup },
        { Name: "LoadBalancer", Value: loadBalancer },
      ];
      await putServedMinutes(
        cloudwatch,
        "AWS/ApplicationELB",
        targetGroupMetricNames,
        dimensions,
        minutes,
      );
    }
    // The load balancer as a whole: no target group's own.
    await putServedMinutes(
      cloudwatch,
      "AWS/ApplicationELB",
      targetGroupMetricNames,
      [{ Name: "LoadBalancer", Value: loadBalancer }],
      [{ at: minutesAgo(4), requests: 1160, errors: 500 }],
    );
    metrics = await readTargetGroupMetrics(
      cloudwatch,
      { loadBalancer, targetGroups: [blue, green, idle] },
      { start: minutesAgo(10), end: new Date() },
    );
  });

  after(() => moto.stop());

  it("reads each target group's requests, 5XX and p99 response time in ms", () => {
    assert.deepEqual(metrics, {
      [blue]: { requests: 1000, errors: 5, p99Ms: 125 },
      [green]: { requests: 100, errors: 3, p99Ms: 250 },
      [idle]: { requests: 60, errors: 0, p99Ms: 125 },
    });
  });

  it("fails the canary group whose 5XX rate is above the limit, with the numbers", () => {
    const judgement = judgeCanary(metrics[green]!, metrics[blue], rules);
    assert.equal(judgement.verdict, "fail");
    assert.equal(
      judgement.reason,
      "canary error rate 3.0% (3/100) above the limit 1.0% (max of 1% and 1.5 × stable's 0.5%) and canary p99 250 ms above the limit 150 ms (1.2 × stable's 125 ms)",
    );
  });

  it("reads a target group asked for again and again once, within one call's query limit", async () => {
    const window = { start: minutesAgo(10), end: new Date() };
    const target = { loadBalancer, targetGroups: Array<string>(200).fill(green) };
    assert.deepEqual(await readTargetGroupMetrics(cloudwatch, target, window), {
      [green]: metrics[green],
    });
    const tooMany = Array.from({ length: 200 }, (_, i) => `targetgroup/fd-mcp-${i}/0`);
    await assert.rejects(
      readTargetGroupMetrics(cloudwatch, { loadBalancer, targetGroups: tooMany }, window),
      /at most 166 versions, not 200/,
    );
  });

  it("passes a healthy canary group", () => {
    const judgement = judgeCanary(metrics[idle]!, metrics[blue], rules);
    assert.equal(judgement.verdict, "pass", judgement.reason);
  });
});
