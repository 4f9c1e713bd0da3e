import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { queryVersionMetrics } from "./query-version-metrics";
import type { MetricsWindow, VersionMetrics } from "./version-metrics";

/**
 * One GetMetricData call for an ALB: RequestCount (Sum), HTTPCode_Target_5XX_Count (Sum),
 * TargetResponseTime (p99, in ms) per target group. Keys: the TargetGroup dimension values
 * asked for ("targetgroup/name/id").
 *
 * `loadBalancer` is the LoadBalancer dimension's value ("app/name/id"). The ALB publishes
 * per target group under LoadBalancer and TargetGroup, and the 5XX count only when nonzero;
 * TargetResponseTime is in seconds. The load balancer's own 5XX (HTTPCode_ELB_5XX_Count)
 * belongs to no target group, so it judges neither side.
 */
export function readTargetGroupMetrics(
  cloudwatch: CloudWatchClient,
  target: { loadBalancer: string; targetGroups: string[] },
  window: MetricsWindow,
  signal?: AbortSignal,
): Promise<Record<string, VersionMetrics>> {
  const series = target.targetGroups.map((targetGroup) => ({
    key: targetGroup,
    dimensions: [
      { Name: "LoadBalancer", Value: target.loadBalancer },
      { Name: "TargetGroup", Value: targetGroup },
    ],
  }));
  return queryVersionMetrics(
    cloudwatch,
    {
      namespace: "AWS/ApplicationELB",
      requests: "RequestCount",
      errors: "HTTPCode_Target_5XX_Count",
      duration: { name: "TargetResponseTime", toMs: 1000 },
    },
    series,
    window,
    signal,
  );
}
