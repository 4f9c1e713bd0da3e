import { Value } from "typebox/value";
import { parseAnalysisRules, type AnalysisRules } from "../analysis/analysis-rules";
import { PipelineError } from "../domain/operation-error";
import type { ReleaseStack } from "../engine/release-stack";
import {
  parseRolloutStrategy,
  RolloutStrategySchema,
  wholeWhereNeeded,
  type RolledOutService,
  type RolloutStrategy,
} from "../settings/rollout-strategy";
import type { DeployRequest } from "./deploy-input";

/** How this deploy moves users to the new builds, and how it judges them meanwhile. */
export interface RolloutPlan {
  /** The api's steps; none: traffic moves at once, as it always did. */
  api?: RolloutStrategy;
  /** mcp's steps, moving its listener's weights from the live side to the idle one. */
  mcp?: RolloutStrategy;
  /** The web's steps: the share of viewers (by cohort) on the new release. */
  web?: RolloutStrategy;
  /** The stack's analysis rules (`flightdeck:analysis`); none: probes and alarms only. */
  analysis?: AnalysisRules;
}

const rolloutKey = "flightdeck:rollout";
const analysisKey = "flightdeck:analysis";

/** A service's rollout in the commit's settings of the stack, the default of its deploys. */
function committedRollout(
  stack: ReleaseStack,
  service: RolledOutService,
): RolloutStrategy | undefined {
  const value = stack.committedValue(rolloutKey) as Partial<Record<string, unknown>> | undefined;
  const strategy = value?.[service];
  if (strategy === undefined) return undefined;
  const where = `the stack setting ${rolloutKey}.${service}`;
  if (!Value.Check(RolloutStrategySchema, strategy)) {
    const [first] = Value.Errors(RolloutStrategySchema, strategy);
    throw new Error(
      `${where}: ${first?.instancePath || "/"} ${first?.message ?? "is not a rollout"}`,
    );
  }
  return wholeWhereNeeded(service, parseRolloutStrategy(strategy, where), where);
}

/**
 * The request's rollout, else the commit's default for the stack, with the stack's analysis
 * rules. A setting that does not parse fails the deploy before anything is published.
 */
export function rolloutPlan(request: DeployRequest, stack: ReleaseStack): RolloutPlan {
  try {
    const api = request.rollout?.api ?? committedRollout(stack, "api");
    const mcp = request.rollout?.mcp ?? committedRollout(stack, "mcp");
    const web = request.rollout?.web ?? committedRollout(stack, "web");
    const rules = stack.committedValue(analysisKey);
    return {
      ...(api ? { api } : {}),
      ...(mcp ? { mcp } : {}),
      ...(web ? { web } : {}),
      ...(rules === undefined
        ? {}
        : { analysis: parseAnalysisRules(rules, `the stack setting ${analysisKey}`) }),
    };
  } catch (error) {
    throw new PipelineError(
      "invalid_rollout",
      error instanceof Error ? error.message : String(error),
    );
  }
}
