import { GetAliasCommand, UpdateAliasCommand } from "@aws-sdk/client-lambda";
import type { AwsClients } from "../aws/aws-clients";
import type { StackOutputs } from "../domain/stack-outputs";
import type { PointerMove } from "./pointer-move";

/** One UpdateAlias, confirmed by reading the alias back. */
export async function moveApiPointer(
  aws: AwsClients,
  outputs: StackOutputs,
  version: string,
): Promise<PointerMove> {
  const alias = { FunctionName: outputs.apiFunctionName, Name: outputs.apiAliasName };
  const before = await aws.lambda.send(new GetAliasCommand(alias));
  const from = before.FunctionVersion ?? "";
  if (from === version) return { service: "api", from, to: version, moved: false };
  await aws.lambda.send(
    new UpdateAliasCommand({
      ...alias,
      FunctionVersion: version,
      RoutingConfig: { AdditionalVersionWeights: {} },
    }),
  );
  const after = await aws.lambda.send(new GetAliasCommand(alias));
  if (after.FunctionVersion !== version) {
    throw new Error(
      `alias ${alias.Name} reads version ${after.FunctionVersion} after moving it to ${version}`,
    );
  }
  return { service: "api", from, to: version, moved: true };
}
