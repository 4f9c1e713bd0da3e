import type { CloudWatchClient, Dimension, MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { invalid } from "../domain/domain-error";
import { metricDataValues } from "./metric-data-pages";
import type { MetricsWindow, VersionMetrics } from "./version-metrics";
import { wholeWindowPeriod } from "./whole-window-period";

/** Where a service publishes what a version served, and the unit of its duration. */
export interface VersionMetricNames {
  namespace: string;
  /** Read as Sum. */
  requests: string;
  /** Read as Sum; a service that publishes it only when nonzero leaves it absent: 0. */
  errors: string;
  /** Read as p99, times `toMs` (1000 for seconds). */
  duration: { name: string; toMs: number };
}

/** One version's series: its key in the answer and the dimensions AWS publishes it by. */
export interface VersionSeries {
  key: string;
  dimensions: Dimension[];
}

/** GetMetricData takes at most 500 queries; each version needs three. */
const maxQueries = 500;
const queriesPerVersion = 3;

const sum = (values: number[] = []) => values.reduce((total, value) => total + value, 0);

/**
 * Requests, errors and p99 duration per version in one GetMetricData request (paged by
 * CloudWatch if it must), each metric over the whole window as one datapoint. Query ids are
 * made from the version's position, since a version's key may hold characters an id cannot.
 * A key asked for twice is read once, so it costs the query limit once.
 */
export async function queryVersionMetrics(
  cloudwatch: CloudWatchClient,
  names: VersionMetricNames,
  asked: VersionSeries[],
  window: MetricsWindow,
  signal?: AbortSignal,
): Promise<Record<string, VersionMetrics>> {
  const series = [...new Map(asked.map((one) => [one.key, one])).values()];
  if (series.length * queriesPerVersion > maxQueries)
    throw invalid(
      "too_many_versions",
      `one GetMetricData call reads at most ${Math.floor(maxQueries / queriesPerVersion)} versions, not ${series.length}`,
    );
  const { StartTime, EndTime, Period } = wholeWindowPeriod(window);
  const query = (Id: string, MetricName: string, dimensions: Dimension[], Stat: string) =>
    ({
      Id,
      ReturnData: true,
      MetricStat: {
        Metric: { Namespace: names.namespace, MetricName, Dimensions: dimensions },
        Period,
        Stat,
      },
    }) satisfies MetricDataQuery;
  const MetricDataQueries = series.flatMap(({ dimensions }, i) => [
    query(`v${i}_requests`, names.requests, dimensions, "Sum"),
    query(`v${i}_errors`, names.errors, dimensions, "Sum"),
    query(`v${i}_p99`, names.duration.name, dimensions, "p99"),
  ]);
  const values = await metricDataValues(
    cloudwatch,
    { StartTime, EndTime, MetricDataQueries },
    signal,
  );
  return Object.fromEntries(
    series.map(({ key }, i) => {
      const p99 = values.get(`v${i}_p99`) ?? [];
      // One period spans the window, so there is one p99; were there more, the worst counts.
      const p99Ms = p99.length > 0 ? Math.max(...p99) * names.duration.toMs : undefined;
      const metrics: VersionMetrics = {
        requests: sum(values.get(`v${i}_requests`)),
        errors: sum(values.get(`v${i}_errors`)),
        ...(p99Ms === undefined ? {} : { p99Ms }),
      };
      return [key, metrics];
    }),
  );
}
