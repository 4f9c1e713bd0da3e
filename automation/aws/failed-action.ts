import type { MetadataBearer, Pluggable } from "@smithy/types";

/** Where a failed call's IAM action is kept on the error the SDK throws. */
const actionKey = "flightdeckAction";

/** Clients whose name is not their service's IAM prefix. */
const iamPrefixes: Record<string, string> = {
  ElasticLoadBalancingV2Client: "elasticloadbalancing",
};

/**
 * Names the IAM action of a call that failed (`cloudfront:CreateInvalidation`) on the
 * error it throws: AWS's own messages name it only sometimes, and an answer to a client
 * must say which call AWS refused. Added at `initialize`, outside the retries, so it
 * sees only the final error.
 */
export function failedActionNaming<
  Input extends object,
  Output extends MetadataBearer,
>(): Pluggable<Input, Output> {
  return {
    applyToStack: (stack) =>
      stack.add(
        (next, context) => async (args) => {
          try {
            return await next(args);
          } catch (error) {
            const named = typeof error === "object" && error !== null && actionKey in error;
            if (typeof error === "object" && error !== null && !named && context.clientName) {
              const service =
                iamPrefixes[context.clientName] ??
                context.clientName.replace(/Client$/, "").toLowerCase();
              const operation = String(context.commandName ?? "").replace(/Command$/, "");
              Object.defineProperty(error, actionKey, { value: `${service}:${operation}` });
            }
            throw error;
          }
        },
        { step: "initialize", name: "flightdeckNameFailedAction" },
      ),
  };
}

/** The same, for the clients whose input and output types it accepts as they are. */
export const nameFailedActions = failedActionNaming<object, MetadataBearer>();

/** The IAM action a failed call named, if the error came from one of the server's clients. */
export function failedAction(error: object): string | undefined {
  const action = (error as Record<string, unknown>)[actionKey];
  return typeof action === "string" ? action : undefined;
}
