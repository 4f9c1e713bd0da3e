import type { ServiceName } from "../domain/services";
import type { CurrentLive } from "../journal/current-live";
import type { MoveContext } from "../traffic/journaled-move";
import type { VerifySettings } from "../settings/verify-settings";
import { checkMcpRollout, type RolloutCheck } from "./check-rollout";
import { PipelineError } from "../domain/operation-error";
import {
  describeFailures,
  verifyHealth,
  type VerifyResult,
  type VerifyRetry,
} from "./verify-health";
import { candidateTarget } from "./verify-targets";
import { describeFiring, firingAlarms } from "./watch-alarms";

export interface PreTrafficCheck {
  ok: boolean;
  code?: string;
  message?: string;
  health: VerifyResult[];
  rollout?: RolloutCheck;
}

/**
 * The `verify` step, before any user reaches a new build: the api through its candidate
 * alias, the web release's page in its bucket, mcp through ECS's rollout and its health.
 * The watched alarms must exist and be quiet, or the bake would undo the release at once.
 */
export async function verifyBeforeTraffic(input: {
  context: MoveContext;
  live: CurrentLive | undefined;
  affected: ServiceName[];
  commit: string;
  alarms: string[];
  verify: VerifySettings;
  rolloutTimeoutMs: number;
  signal: AbortSignal;
  onRetry?: (retry: VerifyRetry) => void;
}): Promise<PreTrafficCheck> {
  const { context, affected, commit, signal } = input;
  try {
    const firing = await firingAlarms(context.aws.cloudwatch, input.alarms, signal);
    if (firing.length > 0)
      return {
        ok: false,
        code: "alarm",
        message: `${describeFiring(firing)} before traffic moved: a bake would roll this release back at once`,
        health: [],
      };
    const targets = affected.map((service) =>
      candidateTarget(service, context.outputs, context.aws, commit),
    );
    const [rollout, health] = await Promise.all([
      affected.includes("mcp")
        ? checkMcpRollout(context, input.live, input.rolloutTimeoutMs, signal)
        : undefined,
      verifyHealth(targets, input.verify, signal, input.onRetry),
    ]);
    const ok = health.ok && (rollout?.ok ?? true);
    const reasons = [rollout?.ok === false ? rollout.reason : "", describeFailures(health.results)];
    const message = reasons.filter(Boolean).join("; ");
    return {
      ok,
      ...(ok ? {} : { code: "verification_failed", message }),
      health: health.results,
      rollout,
    };
  } catch (error) {
    // Failing here must still let the deploy undo what `up` moved (mcp), so it is a verdict.
    if (signal.aborted || !(error instanceof PipelineError)) throw error;
    return { ok: false, code: error.code, message: error.message, health: [] };
  }
}
