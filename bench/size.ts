/**
 * How big a benchmark run is, read in this one place. `FLIGHTDECK_BENCH_TINY=1` makes
 * every benchmark do the least that still exercises it end to end (one repetition, a
 * handful of requests, small seeds), so a test can run the whole suite and benchmarks
 * cannot rot unnoticed; its figures mean nothing.
 */
export const tiny = process.env.FLIGHTDECK_BENCH_TINY === "1";

/** Repetitions of an alternated measurement: `full` in a real run, one when tiny. */
export const repetitions = (full: number) => (tiny ? 1 : full);

/** Deployments journaled before a listing is measured. */
export const seededDeployments = tiny ? 100 : 10_000;

/** How long a load lasts: `seconds` in a real run, a handful of requests when tiny. */
export const loadLength = (seconds: number) => (tiny ? { amount: 20 } : { duration: seconds });
