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
 * EndTime is exclusive and CloudWatch times go to the second, so the window ends at the
 * next whole second: ending it at a fraction would leave out what the current second has
 * published (the emulator drops EndTime's fraction), up to a second later for a verdict.
 */
export function wholeWindowPeriod(
  window: MetricsWindow,
  now = new Date(),
): { StartTime: Date; EndTime: Date; Period: number } {
  if (!(window.end.getTime() > window.start.getTime()))
    throw new Error(
      `a metrics window must end after it starts (${window.start.toISOString()} to ${window.end.toISOString()})`,
    );
  const end = Math.ceil(window.end.getTime() / 1000) * 1000;
  const step = granularityMs(window.start, now);
  const start = Math.floor(window.start.getTime() / step) * step;
  const period = (Math.ceil((end - start) / step) * step) / 1000;
  return { StartTime: new Date(start), EndTime: new Date(end), Period: period };
}
