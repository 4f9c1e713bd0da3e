import type { MetricsWindow } from "./version-metrics";

const minute = 60_000;
const day = 24 * 60 * minute;

/**
 * The step CloudWatch keeps a window's data at, by how old its start is: it rounds
 * StartTime down to it and takes only periods that are multiples of it (GetMetricData).
 */
function granularityMs(start: Date, now: Date): number {
  const age = now.getTime() - start.getTime();
  if (age > 63 * day) return 60 * minute;
  if (age > 15 * day) return 5 * minute;
  return minute;
}

/**
 * GetMetricData's times and period for a window read as one datapoint per metric: the
 * start rounded down as CloudWatch would round it, and a period that reaches the end.
 * EndTime is exclusive, so nothing past the window is counted.
 */
export function wholeWindowPeriod(
  window: MetricsWindow,
  now = new Date(),
): { StartTime: Date; EndTime: Date; Period: number } {
  const end = window.end.getTime();
  if (!(end > window.start.getTime()))
    throw new Error(
      `a metrics window must end after it starts (${window.start.toISOString()} to ${window.end.toISOString()})`,
    );
  const step = granularityMs(window.start, now);
  const start = Math.floor(window.start.getTime() / step) * step;
  const period = (Math.ceil((end - start) / step) * step) / 1000;
  return { StartTime: new Date(start), EndTime: window.end, Period: period };
}
