import type { FastifyReply } from "fastify";
import { Type, type Static } from "typebox";
import { insufficientScope } from "../../auth/auth-hook";
import { allows, type Principal } from "../../auth/scopes";
import { badRequest, conflict } from "../../plugins/http-error";
import {
  canaryStrategy,
  parseRolloutStrategy,
  RolloutStrategySchema,
  wholeWhereNeeded,
  type RequestedRollouts,
  type RolledOutService,
  type RolloutStrategyBody,
} from "../../settings/rollout-strategy";

/** The deploy body's fields about how users move to the new builds. */
export const DeployRolloutFields = {
  canary: Type.Optional(
    Type.Object(
      {
        weight: Type.Number({
          exclusiveMinimum: 0,
          exclusiveMaximum: 100,
          description: "percent of the api's traffic the new version gets during the bake",
        }),
        bakeSeconds: Type.Integer({ minimum: 1, maximum: 3600 }),
      },
      {
        additionalProperties: false,
        description:
          "release the api as a canary first, promoted if healthy, else rolled back: the rollout `{ api: { steps: [{ weight, pause: bakeSeconds }, { weight: 100 }] } }`",
      },
    ),
  ),
  rollout: Type.Optional(
    Type.Object(
      {
        api: Type.Optional(RolloutStrategySchema),
        mcp: Type.Optional(RolloutStrategySchema),
        web: Type.Optional(RolloutStrategySchema),
      },
      {
        additionalProperties: false,
        description:
          "each service's steps to all traffic, overriding the stack's `flightdeck:rollout` setting",
      },
    ),
  ),
  incident: Type.Optional(
    Type.Object(
      { reason: Type.String({ minLength: 1, maxLength: 500 }) },
      {
        additionalProperties: false,
        description:
          "a hotfix during an incident (rollback scope): deploys while watched alarms are in ALARM, judging the canary on its own metrics; recorded on the release",
      },
    ),
  ),
};

/** Those fields alone: the part of a deploy body `deployRollout` reads. */
export const DeployRolloutSchema = Type.Object(DeployRolloutFields);

/**
 * The request's rollout, checked: a canary or steps (not both), a live release to share
 * traffic with, and the rollback scope for an incident's hotfix.
 */
export function deployRollout(
  body: Static<typeof DeployRolloutSchema>,
  context: { principal: Principal; reply: FastifyReply; stackName: string; hasLive: boolean },
): { rollout?: RequestedRollouts; incident?: { reason: string } } {
  const { principal, reply, stackName, hasLive } = context;
  if (body.incident && !allows(principal, "rollback"))
    throw insufficientScope(
      reply,
      "rollback",
      "rollback_scope_required",
      `a deploy during an incident needs the "rollback" scope, which token "${principal.name}" lacks`,
      { scope: "rollback" },
    );
  if (body.canary && body.rollout)
    throw badRequest("conflicting_rollout", "give either canary or rollout, not both");
  let rollout: RequestedRollouts;
  try {
    rollout = body.canary ? { api: canaryStrategy(body.canary) } : requestedRollouts(body.rollout);
  } catch (error) {
    throw badRequest("invalid_rollout", (error as Error).message);
  }
  if (Object.keys(rollout).length > 0 && !hasLive)
    // The request is sound; the stack's state refuses it, as a 409 says.
    throw conflict(
      body.canary ? "canary_needs_release" : "rollout_needs_release",
      `stack ${stackName} has no live release for a ${body.canary ? "canary" : "rollout"} to share traffic with; deploy once without one`,
    );
  return {
    ...(Object.keys(rollout).length > 0 ? { rollout } : {}),
    ...(body.incident ? { incident: body.incident } : {}),
  };
}

/** Each service's steps in the body, parsed; the error names the field. */
function requestedRollouts(
  body: Partial<Record<RolledOutService, RolloutStrategyBody>> = {},
): RequestedRollouts {
  const rollouts: RequestedRollouts = {};
  for (const [service, steps] of Object.entries(body) as [
    RolledOutService,
    RolloutStrategyBody,
  ][]) {
    const where = `/body/rollout/${service}`;
    rollouts[service] = wholeWhereNeeded(service, parseRolloutStrategy(steps, where), where);
  }
  return rollouts;
}
