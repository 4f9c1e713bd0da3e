import { setTimeout as sleep } from "node:timers/promises";
import type { ServiceName } from "../domain/services";
import type { VerifySettings } from "../settings/verify-settings";
import { answeredOk, type Observation, type Probe } from "./probes/probe";

export interface VerifyTarget {
  service: ServiceName;
  /**
   * "candidate": a route that reaches only the new build and no user (its answers are
   * the build's own). "live": where users go, which may still be moving to the build.
   */
  route: "candidate" | "live";
  /** What is looked at, for the record: a URL, or the object a page is read from. */
  where: string;
  probe: Probe;
  expectedHash: string;
}

/**
 * healthy: reported the hash with a 2xx. broken: there and failing (the new hash with an
 * error status, or a candidate failing looks in a row). not-there: never showed the new
 * hash in time. stopped: another build was broken, so this one was not waited for.
 */
export type Verdict = "healthy" | "broken" | "not-there" | "stopped";

export interface VerifyResult {
  service: ServiceName;
  route: VerifyTarget["route"];
  where: string;
  ok: boolean;
  verdict: Verdict;
  attempts: number;
  observedHash?: string;
  lastStatus?: number;
  lastError?: string;
}

/** One look that failed and will be retried: streamed so a client can show the wait. */
export interface VerifyRetry {
  service: ServiceName;
  route: VerifyTarget["route"];
  where: string;
  attempt: number;
  nextDelayMs: number;
  observedHash?: string;
  lastStatus?: number;
  lastError?: string;
}

/** A look that answered the new hash passes or shows it broken; anything else failed. */
export function judge(target: VerifyTarget, seen: Observation): "healthy" | "broken" | "failed" {
  if (seen.hash === target.expectedHash) return answeredOk(seen) ? "healthy" : "broken";
  return "failed";
}

/**
 * Looks until the build answers healthy, backing off from initialDelay, doubling up to
 * maxDelay, within timeout; a build that is there and broken ends it at once.
 */
async function verifyOne(
  target: VerifyTarget,
  settings: VerifySettings,
  signal: AbortSignal,
  onRetry?: (retry: VerifyRetry) => void,
): Promise<VerifyResult> {
  const deadline = Date.now() + settings.timeoutMs;
  let delay = settings.initialDelayMs;
  let failuresInRow = 0;
  const { service, route, where } = target;
  const result: VerifyResult = {
    service,
    route,
    where,
    ok: false,
    verdict: "not-there",
    attempts: 0,
  };
  for (;;) {
    result.attempts++;
    let verdict: ReturnType<typeof judge> = "failed";
    try {
      const seen = await target.probe(signal);
      result.observedHash = seen.hash;
      result.lastStatus = seen.status;
      delete result.lastError;
      verdict = judge(target, seen);
    } catch (error) {
      if (signal.aborted) throw error;
      result.lastError = error instanceof Error ? error.message : String(error);
    }
    if (verdict === "healthy") return { ...result, ok: true, verdict };
    if (verdict === "broken") return { ...result, verdict };
    failuresInRow++;
    // A candidate is the new build by construction: its failures are its own.
    if (route === "candidate" && failuresInRow >= settings.candidateFailures)
      return { ...result, verdict: "broken" };
    if (Date.now() + delay > deadline) return result;
    const { attempts: attempt, observedHash, lastStatus, lastError } = result;
    onRetry?.({
      service,
      route,
      where,
      attempt,
      nextDelayMs: delay,
      observedHash,
      lastStatus,
      lastError,
    });
    await sleep(delay, undefined, { signal });
    delay = Math.min(delay * 2, settings.maxDelayMs);
  }
}

/** Verifies every target at once; the first broken one stops the others' waiting. */
export async function verifyHealth(
  targets: VerifyTarget[],
  settings: VerifySettings,
  signal: AbortSignal,
  onRetry?: (retry: VerifyRetry) => void,
): Promise<{ ok: boolean; results: VerifyResult[] }> {
  const brokenFound = new AbortController();
  const inner = AbortSignal.any([signal, brokenFound.signal]);
  const results = await Promise.all(
    targets.map((target) =>
      verifyOne(target, settings, inner, onRetry).then(
        (result) => {
          if (result.verdict === "broken") brokenFound.abort();
          return result;
        },
        (error: unknown): VerifyResult => {
          if (signal.aborted || !brokenFound.signal.aborted) throw error;
          const { service, route, where } = target;
          return { service, route, where, ok: false, verdict: "stopped", attempts: 0 };
        },
      ),
    ),
  );
  return { ok: results.every((r) => r.ok), results };
}

/** One line per build that did not pass, for the deploy's error. */
export function describeFailures(results: VerifyResult[]): string {
  return results
    .filter((r) => !r.ok && r.verdict !== "stopped")
    .map((r) => {
      const answer =
        r.lastError ??
        `HTTP ${r.lastStatus ?? "?"} reporting ${r.observedHash ? r.observedHash : "no hash"}`;
      const what =
        r.verdict === "broken" ? "is there and broken" : "did not show the new build in time";
      return `${r.service} (${r.route}, ${r.where}) ${what}: ${answer} after ${r.attempts} look(s)`;
    })
    .join("; ");
}
