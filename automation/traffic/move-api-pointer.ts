import { UpdateAliasCommand } from "@aws-sdk/client-lambda";
import type { LiveService } from "../domain/live-state";
import { journaledMove, type MoveContext } from "./journaled-move";
import type { PointerMove } from "./pointer-move";
import { readPointer } from "./read-pointer";

/**
 * One UpdateAlias to the target version with no extra weights: a canary's weight left
 * on the alias counts as a difference too. Its answer is the confirmation.
 */
export async function moveApiPointer(
  context: MoveContext,
  target: LiveService,
  bad?: Parameters<typeof journaledMove>[1]["bad"],
): Promise<PointerMove> {
  const { outputs, aws } = context;
  const version = target.pointer;
  const before = await readPointer(aws, outputs, "api");
  const from = before.pointer;
  if (from === version && !before.weights)
    return { service: "api", from, to: version, moved: false };
  await journaledMove(
    context,
    { service: "api", from, to: version, target: { ...target, weights: undefined }, bad },
    async () => {
      const updated = await aws.lambda.send(
        new UpdateAliasCommand({
          FunctionName: outputs.apiFunctionName,
          Name: outputs.apiAliasName,
          FunctionVersion: version,
          RoutingConfig: { AdditionalVersionWeights: {} },
        }),
      );
      if (updated.FunctionVersion !== version)
        throw new Error(
          `alias ${outputs.apiAliasName} answered version ${updated.FunctionVersion} after moving it to ${version}`,
        );
    },
  );
  return { service: "api", from, to: version, moved: true };
}
