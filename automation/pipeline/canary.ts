import { setTimeout as sleep } from "node:timers/promises";
import { UpdateAliasCommand } from "@aws-sdk/client-lambda";
import type { LiveService } from "../domain/live-state";
import { journaledMove, type MoveContext } from "../traffic/journaled-move";
import { httpProbe } from "./probes/http-probe";
import { answeredOk } from "./probes/probe";
import { describeFiring, type FiringAlarm } from "./watch-alarms";

export interface CanarySettings {
  /** Percent of the api's traffic the new version gets during the bake. */
  weight: number;
  bakeSeconds: number;
}

export interface CanaryVersions {
  stable: { version: string; gitHash: string };
  canary: { version: string; gitHash: string };
}

export interface BakeResult {
  healthy: boolean;
  probes: number;
  canaryAnswers: number;
  stableAnswers: number;
  /** Why the canary was judged unhealthy. */
  reason?: string;
}

/**
 * Points alias `live` at `target`'s version with its weights of extra versions, as a
 * journaled move from `from`; the alias's answer is the confirmation.
 */
async function setAlias(context: MoveContext, from: string, target: LiveService): Promise<void> {
  const { aws, outputs } = context;
  const weights = target.weights ?? {};
  await journaledMove(context, { service: "api", from, to: target.pointer, target }, async () => {
    const updated = await aws.lambda.send(
      new UpdateAliasCommand({
        FunctionName: outputs.apiFunctionName,
        Name: outputs.apiAliasName,
        FunctionVersion: target.pointer,
        RoutingConfig: { AdditionalVersionWeights: weights },
      }),
    );
    const answered = updated.RoutingConfig?.AdditionalVersionWeights ?? {};
    if (
      updated.FunctionVersion !== target.pointer ||
      JSON.stringify(answered) !== JSON.stringify(weights)
    ) {
      throw new Error(
        `alias ${outputs.apiAliasName} did not take version ${target.pointer} with weights ${JSON.stringify(weights)}`,
      );
    }
  });
}

/** The stable version keeps the alias; the canary gets `weight` percent through its routing config. */
export function startCanary(
  context: MoveContext,
  stable: LiveService,
  versions: CanaryVersions,
  weight: number,
): Promise<void> {
  return setAlias(context, stable.pointer, {
    ...stable,
    weights: { [versions.canary.version]: weight / 100 },
  });
}

/**
 * Probes the api's health through the alias for the whole bake, reading its alarms
 * before each probe: an alarm in ALARM ends the bake unhealthy. Every answer must be
 * healthy and come from the stable or the canary build, and the canary must have answered
 * at least once: a version never seen is not promoted.
 */
export async function bakeCanary(
  url: string,
  versions: CanaryVersions,
  settings: CanarySettings & { probeIntervalMs: number },
  firing: (signal: AbortSignal) => Promise<FiringAlarm[]>,
  signal: AbortSignal,
): Promise<BakeResult> {
  const result: BakeResult = { healthy: true, probes: 0, canaryAnswers: 0, stableAnswers: 0 };
  const deadline = Date.now() + settings.bakeSeconds * 1000;
  const probe = httpProbe("api", url);
  while (Date.now() < deadline) {
    result.probes++;
    const alarms = await firing(signal);
    if (alarms.length > 0) return { ...result, healthy: false, reason: describeFiring(alarms) };
    try {
      const seen = await probe(signal);
      const hash = seen.hash;
      if (!answeredOk(seen))
        return { ...result, healthy: false, reason: `a health probe answered HTTP ${seen.status}` };
      if (hash === versions.canary.gitHash) result.canaryAnswers++;
      else if (hash === versions.stable.gitHash) result.stableAnswers++;
      else
        return { ...result, healthy: false, reason: `an answer reported hash ${hash || "none"}` };
    } catch (error) {
      if (signal.aborted) throw error;
      const message = error instanceof Error ? error.message : String(error);
      return { ...result, healthy: false, reason: `a health probe failed: ${message}` };
    }
    await sleep(settings.probeIntervalMs, undefined, { signal });
  }
  if (result.canaryAnswers === 0) {
    return {
      ...result,
      healthy: false,
      reason: `the canary answered none of ${result.probes} probes; raise the weight or the bake time`,
    };
  }
  return result;
}

/** All traffic to the canary: it becomes the alias's version, with no extra weights. */
export function promoteCanary(
  context: MoveContext,
  stable: LiveService,
  versions: CanaryVersions,
): Promise<void> {
  return setAlias(context, stable.pointer, {
    gitHash: versions.canary.gitHash,
    pointer: versions.canary.version,
    tag: stable.tag,
    unreleased: context.operationId,
  });
}

/** The canary's weight removed: the stable version takes all traffic again. */
export function abortCanary(context: MoveContext, stable: LiveService): Promise<void> {
  return setAlias(context, stable.pointer, { ...stable, weights: undefined });
}
