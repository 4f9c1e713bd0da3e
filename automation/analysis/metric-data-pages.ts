import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type GetMetricDataCommandInput,
} from "@aws-sdk/client-cloudwatch";
import { upstreamFailure } from "../domain/domain-error";

/**
 * Every value of a GetMetricData request by query id, through all its pages: CloudWatch
 * pages by datapoints (NextToken), and a query cut by a page says `PartialData`. A query
 * CloudWatch could not answer (`InternalError`, `Forbidden`) fails the whole read, since a
 * judgement on part of the numbers would be wrong.
 */
export async function metricDataValues(
  cloudwatch: CloudWatchClient,
  request: Omit<GetMetricDataCommandInput, "NextToken">,
  signal?: AbortSignal,
): Promise<Map<string, number[]>> {
  const values = new Map<string, number[]>();
  let nextToken: string | undefined;
  do {
    const page = await cloudwatch.send(
      new GetMetricDataCommand({ ...request, NextToken: nextToken }),
      { abortSignal: signal },
    );
    for (const result of page.MetricDataResults ?? []) {
      if (result.StatusCode === "InternalError" || result.StatusCode === "Forbidden") {
        const said = (result.Messages ?? []).map((message) => message.Value).join("; ");
        throw upstreamFailure(
          "metrics_unavailable",
          `CloudWatch could not read ${result.Label ?? result.Id} (${result.StatusCode}${said ? `: ${said}` : ""})`,
          { query: result.Id, status: result.StatusCode },
        );
      }
      const id = result.Id ?? "";
      values.set(id, [...(values.get(id) ?? []), ...(result.Values ?? [])]);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return values;
}
