import type { Judgement } from "../../analysis/judge-canary";

/**
 * A judge whose failed read of the metrics (throttled, a moment's network error) is no
 * verdict rather than the end of the deploy: an `inconclusive` judgement saying why, so
 * the hold judges again at its next look. A cancel still ends it.
 */
export function judgeOrUnread(
  judge: (since: Date) => Promise<Judgement>,
  signal: AbortSignal,
): (since: Date) => Promise<Judgement> {
  return (since) =>
    judge(since).catch((error: unknown) => {
      if (signal.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      return {
        verdict: "inconclusive",
        canary: { requests: 0, errors: 0, errorRate: 0 },
        checks: [],
        reason: `the canary's metrics could not be read: ${message}`,
      };
    });
}
