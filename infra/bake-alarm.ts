import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";

export interface BakeAlarmArgs {
  namespace: string;
  metricName: string;
  dimensions: Record<string, pulumi.Input<string>>;
  /** The per-minute count that rolls a release back. */
  threshold: number;
  tags: Record<string, string>;
}

/**
 * An alarm flightdeck's bake watches after traffic moves; ALARM rolls the release back.
 * A bake lasts minutes, so one one-minute period decides, and a minute without data
 * (no traffic, hence no errors) counts as healthy rather than as a failure.
 */
export function createBakeAlarm(
  name: string,
  args: BakeAlarmArgs,
  parent: pulumi.Resource,
): aws.cloudwatch.MetricAlarm {
  return new aws.cloudwatch.MetricAlarm(
    name,
    {
      name,
      namespace: args.namespace,
      metricName: args.metricName,
      dimensions: args.dimensions,
      statistic: "Sum",
      period: 60,
      evaluationPeriods: 1,
      threshold: args.threshold,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      treatMissingData: "notBreaching",
      tags: args.tags,
    },
    { parent },
  );
}
