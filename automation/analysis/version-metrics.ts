/** What one version (a Lambda version, a target group) served in a window. */
export interface VersionMetrics {
  requests: number;
  errors: number;
  /** Absent when no duration was published in the window (no request, or none measured). */
  p99Ms?: number;
}

/** From `start` (inclusive) to `end` (exclusive), as GetMetricData reads them. */
export interface MetricsWindow {
  start: Date;
  end: Date;
}
