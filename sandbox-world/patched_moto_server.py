"""moto's server, with what canary analysis and the web's cohort canary need added as AWS documents it.

CloudWatch is patched in this file; CloudFront Functions' stages and function associations
in moto_cloudfront_functions.py, CloudFront KeyValueStore's data plane in moto_keyvaluestore.py.

Run by sandbox-world/moto-server.ts with the toolchain's venv python instead of `moto_server`,
with the same arguments. It changes nothing installed: the venv is shared by every checkout
that pins the same requirements.

moto 5.2.5's GetMetricData, which canary analysis calls (automation/analysis/):

- answers a percentile statistic (`p99`) with no value, which its serializer then fails on
  (HTTP 500) whenever the period holds data. Added here: percentiles from the raw values,
  by nearest rank. As on AWS, a value put as a statistic set counts only when it stands for
  one repeated value (Minimum = Maximum and Sum = Minimum x SampleCount), and no percentile
  is given for a period holding a set that does not, or a negative value: that period then
  has no datapoint, which is how GetMetricData says a statistic is not available.
- ignores the namespace of a query that names dimensions, so a query of AWS/Lambda would
  read a metric of the same name and dimensions in any namespace. Each such query is
  answered here within its own namespace, as on AWS, and every query of one request reads
  the same snapshot of the data: answered one by one from the live list, a put landing
  between the requests and the errors query of a version would count its errors but not
  its requests (2 errors in 100 requests where each put held 1 in 100).
- matches a query's dimensions to a metric's by sorting both lists with a comparison that
  is not an order (Dimension.__lt__ compares a value with the other's name), so the same
  set in another order may fail to match. AWS matches the set whatever its order: here
  dimensions sort by name, then value.

Everything else (Sum, Average, periods, timestamps, math expressions) is moto's own.
"""

import math
import re
import threading

from moto.cloudwatch import models
from moto.server import main

import moto_cloudfront_functions
import moto_keyvaluestore

# AWS accepts p0 to p100 with up to ten decimals.
PERCENTILE = re.compile(r"^p(100(\.0{1,10})?|\d{1,2}(\.\d{1,10})?)$")

moto_statistic = models.Statistics.get_statistics_for_type
moto_get_metric_data = models.CloudWatchBackend.get_metric_data
moto_get_all_metrics = models.CloudWatchBackend.get_all_metrics
query_scope = threading.local()


def raw_values(statistics):
    """The values a percentile is taken over, or None when AWS gives none for this period."""
    values = list(statistics.metric_single_values_list)
    for aggregated in statistics.metric_aggregated_list:
        one_value = aggregated.min == aggregated.max and math.isclose(
            aggregated.sum, aggregated.min * aggregated.sample_count
        )
        if not one_value:
            return None
        values.extend([aggregated.min] * int(aggregated.sample_count))
    if not values or any(value < 0 for value in values):
        return None
    return sorted(values)


def statistic_with_percentiles(self, stat):
    match = PERCENTILE.match(stat)
    if not match:
        return moto_statistic(self, stat)
    values = raw_values(self)
    if values is None:
        return None
    rank = max(1, math.ceil(float(match.group(1)) / 100 * len(values)))
    return values[rank - 1]


def metrics_in_scope(self):
    metrics = getattr(query_scope, "snapshot", None)
    if metrics is None:
        metrics = moto_get_all_metrics(self)
    namespace = getattr(query_scope, "namespace", None)
    if namespace is None:
        return metrics
    return [metric for metric in metrics if metric.namespace == namespace]


def without_missing_values(result):
    kept = [(v, t) for v, t in zip(result["values"], result["timestamps"]) if v is not None]
    return {**result, "values": [v for v, _ in kept], "timestamps": [t for _, t in kept]}


def get_metric_data_by_namespace(self, queries, start_time, end_time, scan_by="TimestampAscending"):
    # Math expressions name other queries' results: such a request is answered whole, as moto does.
    if not all("MetricStat" in query for query in queries):
        results = moto_get_metric_data(self, queries, start_time, end_time, scan_by)
        return [without_missing_values(result) for result in results]
    results = []
    query_scope.snapshot = moto_get_all_metrics(self)
    try:
        for query in queries:
            query_scope.namespace = query["MetricStat"]["Metric"]["Namespace"]
            results.extend(moto_get_metric_data(self, [query], start_time, end_time, scan_by))
    finally:
        query_scope.namespace = None
        query_scope.snapshot = None
    return [without_missing_values(result) for result in results]


def dimension_before(self, other):
    return (self.name or "", self.value or "") < (other.name or "", other.value or "")


models.Dimension.__lt__ = dimension_before
models.Statistics.get_statistics_for_type = statistic_with_percentiles
models.CloudWatchBackend.get_all_metrics = metrics_in_scope
models.CloudWatchBackend.get_metric_data = get_metric_data_by_namespace

moto_cloudfront_functions.install()
moto_keyvaluestore.install()

if __name__ == "__main__":
    main()
