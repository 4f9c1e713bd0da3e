import { UpdateAliasCommand } from "@aws-sdk/client-lambda";
import type { LiveService } from "../../domain/live-state";
import { journaledMove, type MoveContext } from "../../traffic/journaled-move";

/** The two builds an api rollout shares alias `live` between. */
export interface RolloutVersions {
  stable: { version: string; gitHash: string };
  canary: { version: string; gitHash: string };
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

/**
 * `weight` percent to the canary, the rest to the stable version; at 100 the canary
 * becomes the alias's version, with no extra weights.
 */
export function weighCanary(
  context: MoveContext,
  stable: LiveService,
  versions: RolloutVersions,
  weight: number,
): Promise<void> {
  if (weight >= 100)
    return setAlias(context, stable.pointer, {
      gitHash: versions.canary.gitHash,
      pointer: versions.canary.version,
      tag: stable.tag,
      unreleased: context.operationId,
    });
  return setAlias(context, stable.pointer, {
    ...stable,
    weights: { [versions.canary.version]: weight / 100 },
  });
}

/** The canary's weight removed: the stable version takes all traffic again. */
export function abortCanary(context: MoveContext, stable: LiveService): Promise<void> {
  return setAlias(context, stable.pointer, { ...stable, weights: undefined });
}
