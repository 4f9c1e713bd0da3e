import { rolledOutByUp, rolloutOf, type DeployRun } from "./deploy-run";
import type { DeployFailure } from "./roll-back-deploy";
import { verifyBeforeTraffic } from "./verify-before-traffic";
import { streamRetries } from "./verify-retry-events";

/**
 * The `verify` step: each new build checked where no user reaches it
 * (verify-before-traffic.ts); mcp's, when it is rolled out by weights, by its rollout,
 * which scales up the side it waits on first.
 */
export async function verifyStep(run: DeployRun): Promise<DeployFailure | undefined> {
  const { input, live, affected, commit, alarms, moves } = run;
  const checked = await input.recorder.step(
    "verify",
    () =>
      verifyBeforeTraffic({
        context: moves,
        live,
        affected: rolloutOf(run, "mcp")
          ? affected.filter((service) => service !== "mcp")
          : affected,
        commit,
        alarms,
        verify: input.verify,
        rolloutTimeoutMs: input.rolloutTimeoutMs,
        signal: input.signal,
        onRetry: streamRetries(input.recorder, "verify"),
      }),
    (r) => ({ ok: r.ok, results: r.health, ...(r.rollout ? { rollout: r.rollout.state } : {}) }),
    (r) => r.ok,
  );
  if (checked.ok) return undefined;
  return {
    code: checked.code ?? "verification_failed",
    message: checked.message ?? "verification failed",
    tookTraffic: rolledOutByUp(run),
    neverServed: run.held,
  };
}
