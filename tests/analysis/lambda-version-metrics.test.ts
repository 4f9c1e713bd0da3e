import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CloudWatchClient, type Dimension } from "@aws-sdk/client-cloudwatch";
import { defaultAnalysisRules as rules } from "../../automation/analysis/analysis-rules";
import { judgeCanary } from "../../automation/analysis/judge-canary";
import { readLambdaVersionMetrics } from "../../automation/analysis/lambda-version-metrics";
import type { VersionMetrics } from "../../automation/analysis/version-metrics";
import { awsClientConfig, startMotoServer, type MotoServer } from "../../sandbox-world/moto-server";
import {
  lambdaMetricNames,
  minutesAgo,
  putServedMinutes,
  type ServedMinute,
} from "../support/put-version-metrics";

const functionName = "fd-production-api";
const window = { start: minutesAgo(10), end: new Date() };

/** The dimensions Lambda publishes a weighted alias's version under, in another order than the reader's. */
const executedOf = (
  target: { functionName: string; alias: string },
  version: string,
): Dimension[] => [
  { Name: "Resource", Value: `${target.functionName}:${target.alias}` },
  { Name: "ExecutedVersion", Value: version },
  { Name: "FunctionName", Value: target.functionName },
];
const executed = (version: string) => executedOf({ functionName, alias: "live" }, version);

/** What each version served behind alias `live` in the window (and the stable, before it). */
const served: Record<string, ServedMinute[]> = {
  // stable: 1.0 % errors over two minutes, p99 100 ms
  "3": [
    {
      at: minutesAgo(6),
      requests: 500,
      errors: 5,
      durations: { values: [70, 100], counts: [300, 200] },
    },
    {
      at: minutesAgo(5),
      requests: 300,
      errors: 3,
      durations: { values: [70, 100, 300], counts: [200, 95, 5] },
    },
    { at: minutesAgo(20), requests: 5000, errors: 4000 },
  ],
  // healthy canary: 1.0 %, p99 110 ms
  "4": [
    {
      at: minutesAgo(5),
      requests: 200,
      errors: 2,
      durations: { values: [80, 110, 400], counts: [150, 48, 2] },
    },
  ],
  // erring canary: 4.0 %
  "5": [
    { at: minutesAgo(5), requests: 200, errors: 8, durations: { values: [90], counts: [200] } },
  ],
  // slow canary: p99 250 ms, no errors (Lambda publishes none)
  "6": [{ at: minutesAgo(5), requests: 200, durations: { values: [90, 250], counts: [190, 10] } }],
  // barely used canary
  "7": [{ at: minutesAgo(5), requests: 10, errors: 5, durations: { values: [90], counts: [10] } }],
};

describe("reading a Lambda alias's versions from CloudWatch and judging the canary", () => {
  let moto: MotoServer;
  let cloudwatch: CloudWatchClient;
  let metrics: Record<string, VersionMetrics>;

  before(async () => {
    moto = await startMotoServer();
    cloudwatch = new CloudWatchClient(awsClientConfig(moto.endpoint));
    for (const [version, minutes] of Object.entries(served))
      await putServedMinutes(
        cloudwatch,
        "AWS/Lambda",
        lambdaMetricNames,
        executed(version),
        minutes,
      );
    // The whole alias, and the same series in another namespace: neither is a version's own.
    await putServedMinutes(
      cloudwatch,
      "AWS/Lambda",
      lambdaMetricNames,
      executed("3").filter((d) => d.Name !== "ExecutedVersion"),
      [{ at: minutesAgo(5), requests: 1900, errors: 400 }],
    );
    await putServedMinutes(cloudwatch, "Custom/Copies", lambdaMetricNames, executed("4"), [
      {
        at: minutesAgo(5),
        requests: 7000,
        errors: 7000,
        durations: { values: [9000], counts: [1] },
      },
    ]);
    metrics = await readLambdaVersionMetrics(
      cloudwatch,
      { functionName, alias: "live", versions: ["3", "4", "5", "6", "7", "8"] },
      window,
    );
  });

  after(() => moto.stop());

  it("reads each version's invocations, errors and p99 over the window, and nothing else", () => {
    assert.deepEqual(metrics, {
      "3": { requests: 800, errors: 8, p99Ms: 100 },
      "4": { requests: 200, errors: 2, p99Ms: 110 },
      "5": { requests: 200, errors: 8, p99Ms: 90 },
      "6": { requests: 200, errors: 0, p99Ms: 250 },
      "7": { requests: 10, errors: 5, p99Ms: 90 },
      "8": { requests: 0, errors: 0 },
    });
  });

  it("passes a healthy canary", () => {
    const judgement = judgeCanary(metrics["4"]!, metrics["3"], rules);
    assert.equal(judgement.verdict, "pass", judgement.reason);
  });

  it("fails a canary whose error rate exceeds the stable's, with the numbers in the reason", () => {
    const judgement = judgeCanary(metrics["5"]!, metrics["3"], rules);
    assert.equal(judgement.verdict, "fail");
    assert.equal(
      judgement.reason,
      "canary error rate 4.0% (8/200) above the limit 1.5% (max of 1% and 1.5 × stable's 1.0%)",
    );
  });

  it("fails a canary slower than the stable's p99 allows", () => {
    const judgement = judgeCanary(metrics["6"]!, metrics["3"], rules);
    assert.equal(judgement.verdict, "fail");
    assert.equal(
      judgement.reason,
      "canary p99 250 ms above the limit 120 ms (1.2 × stable's 100 ms)",
    );
  });

  it("gives no verdict on too few requests", () => {
    assert.equal(judgeCanary(metrics["7"]!, metrics["3"], rules).verdict, "inconclusive");
    assert.equal(judgeCanary(metrics["8"]!, metrics["3"], rules).verdict, "inconclusive");
  });

  it("during an incident ignores the stable version", () => {
    // The slow canary has no errors: on its own metrics it passes, p99 not compared.
    const judgement = judgeCanary(metrics["6"]!, undefined, rules);
    assert.equal(judgement.verdict, "pass", judgement.reason);
    assert.equal(judgement.stable, undefined);
    assert.equal(judgeCanary(metrics["5"]!, undefined, rules).verdict, "fail");
  });

  it("reads every query of one request from the same moment, while puts land", async () => {
    // Each put holds 10 requests and 1 error of one version. Another function's many
    // durations make each query take a while, so puts land between a read's queries; a read
    // must still see whole puts only, or a version's errors outrun its requests.
    const busy = { functionName: "fd-busy", alias: "live" };
    const other = executedOf({ functionName: "fd-other", alias: "live" }, "1");
    await putServedMinutes(cloudwatch, "AWS/Lambda", lambdaMetricNames, other, [
      { at: new Date(), requests: 1, durations: { values: [1], counts: [20_000] } },
    ]);
    const put = () =>
      putServedMinutes(cloudwatch, "AWS/Lambda", lambdaMetricNames, executedOf(busy, "1"), [
        { at: new Date(), requests: 10, errors: 1 },
      ]);
    await put();
    let reading = true;
    const putting = (async () => {
      while (reading) await put();
    })();
    try {
      for (let read = 0; read < 20; read++) {
        const window = { start: minutesAgo(1), end: new Date(Date.now() + 2_000) };
        const seen = await readLambdaVersionMetrics(
          cloudwatch,
          { ...busy, versions: ["1"] },
          window,
        );
        assert.equal(seen["1"]!.requests, seen["1"]!.errors * 10, JSON.stringify(seen["1"]));
      }
    } finally {
      reading = false;
      await putting;
    }
  });
});
