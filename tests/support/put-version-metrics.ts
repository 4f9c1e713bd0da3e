import {
  PutMetricDataCommand,
  type CloudWatchClient,
  type Dimension,
  type MetricDatum,
} from "@aws-sdk/client-cloudwatch";

/** What a version served in one minute, as the service would publish it. */
export interface ServedMinute {
  at: Date;
  requests: number;
  errors?: number;
  /** Durations and how many requests took each, in the metric's own unit. */
  durations?: { values: number[]; counts: number[] };
}

/** The names and duration unit a service publishes what a version served under. */
export interface ServedMetricNames {
  requests: string;
  errors: string;
  duration: string;
  durationUnit: "Milliseconds" | "Seconds";
}

/** Lambda's, per executed version of an alias. */
export const lambdaMetricNames: ServedMetricNames = {
  requests: "Invocations",
  errors: "Errors",
  duration: "Duration",
  durationUnit: "Milliseconds",
};

/** An ALB's, per target group: response times in seconds. */
export const targetGroupMetricNames: ServedMetricNames = {
  requests: "RequestCount",
  errors: "HTTPCode_Target_5XX_Count",
  duration: "TargetResponseTime",
  durationUnit: "Seconds",
};

export const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

/**
 * Publishes what a version served under `names` in `namespace`, with `dimensions`, as AWS
 * does for its own metrics: a count per minute, durations as raw values (so percentiles
 * can be taken), and no error datapoint when there were none.
 */
export async function putServedMinutes(
  cloudwatch: CloudWatchClient,
  namespace: string,
  names: ServedMetricNames,
  dimensions: Dimension[],
  minutes: ServedMinute[],
): Promise<void> {
  const data: MetricDatum[] = minutes.flatMap((minute) => [
    {
      MetricName: names.requests,
      Dimensions: dimensions,
      Timestamp: minute.at,
      Value: minute.requests,
      Unit: "Count",
    },
    ...(minute.errors
      ? [
          {
            MetricName: names.errors,
            Dimensions: dimensions,
            Timestamp: minute.at,
            Value: minute.errors,
            Unit: "Count" as const,
          },
        ]
      : []),
    ...(minute.durations
      ? [
          {
            MetricName: names.duration,
            Dimensions: dimensions,
            Timestamp: minute.at,
            Values: minute.durations.values,
            Counts: minute.durations.counts,
            Unit: names.durationUnit,
          },
        ]
      : []),
  ]);
  await cloudwatch.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
}

/** What one version behind an alias served: requests and errors, each taking 50 ms. */
export interface VersionServed {
  requests: number;
  errors: number;
}

/**
 * Publishes what `version` served behind `alias` of `functionName` now, as Lambda does per
 * executed version (the dimensions the per-version analysis reads).
 */
export function putLambdaVersionServed(
  cloudwatch: CloudWatchClient,
  target: { functionName: string; alias: string; version: string },
  served: VersionServed,
): Promise<void> {
  const { functionName, alias, version } = target;
  return putServedMinutes(
    cloudwatch,
    "AWS/Lambda",
    lambdaMetricNames,
    [
      { Name: "FunctionName", Value: functionName },
      { Name: "Resource", Value: `${functionName}:${alias}` },
      { Name: "ExecutedVersion", Value: version },
    ],
    [{ at: new Date(), ...served, durations: { values: [50], counts: [served.requests] } }],
  );
}
