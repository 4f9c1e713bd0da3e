import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { queryVersionMetrics } from "./query-version-metrics";
import type { MetricsWindow, VersionMetrics } from "./version-metrics";

/**
 * One GetMetricData call: Invocations (Sum), Errors (Sum), Duration (p99) per version, by
 * the dimensions Lambda publishes per executed version of an alias. Keys: the versions
 * asked for (a version with no datapoints reads as 0 requests).
 *
 * Lambda publishes a weighted alias's traffic under FunctionName, Resource
 * (`function:alias`) and ExecutedVersion, so each version behind alias `live` is read on
 * its own, not diluted by the other's. Duration is in milliseconds already.
 */
export function readLambdaVersionMetrics(
  cloudwatch: CloudWatchClient,
  target: { functionName: string; alias: string; versions: string[] },
  window: MetricsWindow,
  signal?: AbortSignal,
): Promise<Record<string, VersionMetrics>> {
  const series = target.versions.map((version) => ({
    key: version,
    dimensions: [
      { Name: "FunctionName", Value: target.functionName },
      { Name: "Resource", Value: `${target.functionName}:${target.alias}` },
      { Name: "ExecutedVersion", Value: version },
    ],
  }));
  return queryVersionMetrics(
    cloudwatch,
    {
      namespace: "AWS/Lambda",
      requests: "Invocations",
      errors: "Errors",
      duration: { name: "Duration", toMs: 1 },
    },
    series,
    window,
    signal,
  );
}
