import { bake } from "./bake";
import type { DeployRun } from "./deploy-run";
import { undoIfCancelled } from "./roll-back-deploy";
import { liveTarget } from "./verify-targets";

export type BakeStepResult =
  { ok: true } | { ok: false; failure: { code: string; message: string } };

/**
 * The `bake` step: health and alarms watched where users reach the new builds. Cancelled
 * meanwhile, users go back to what was live before the step ends.
 */
export async function bakeStep(run: DeployRun): Promise<BakeStepResult> {
  const { input, affected, outputs, commit, alarms } = run;
  const baked = await input.recorder
    .step(
      "bake",
      () =>
        bake({
          targets: affected.map((service) => liveTarget(service, outputs, commit)),
          alarms,
          aws: input.aws,
          verify: input.verify,
          settings: input.bake,
          signal: input.signal,
        }),
      (r) => ({
        ok: r.ok,
        seconds: input.bake.seconds,
        rounds: r.rounds,
        health: r.health,
        ...(r.firing ? { firing: r.firing } : {}),
      }),
      (r) => r.ok,
    )
    .catch((error: unknown) => undoIfCancelled(run, error));
  if (baked.ok) return { ok: true };
  return {
    ok: false,
    failure: baked.failure ?? { code: "verification_failed", message: "the bake failed" },
  };
}
