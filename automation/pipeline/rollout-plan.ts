import { Value } from "typebox/value";
import { parseAnalysisRules, type AnalysisRules } from "../analysis/analysis-rules";
import { PipelineError } from "../domain/operation-error";
import type { ReleaseStack } from "../engine/release-stack";
import {
  parseRolloutStrategy,
  RolloutStrategySchema,
  type RolloutStrategy,
} from "../settings/rollout-strategy";
import type { DeployRequest } from "./deploy-input";

/** How this deploy moves users to the new builds, and how it judges them meanwhile. */
export interface RolloutPlan {
  /** The api's steps; none: traffic moves at once, as it always did. */
  api?: RolloutStrategy;
  /** The stack's analysis rules (`flightdeck:analysis`); none: probes and alarms only. */
  analysis?: AnalysisRules;
}

const rolloutKey = "flightdeck:rollout";
const analysisKey = "flightdeck:analysis";

/** The api's rollout in the commit's settings of the stack, the default of its deploys. */
function committedApiRollout(stack: ReleaseStack): RolloutStrategy | undefined {
  const value = stack.committedValue(rolloutKey) as { api?: unknown } | undefined;
  if (value === undefined || value.api === undefined) return undefined;
  const where = `the stack setting ${rolloutKey}.api`;
  if (!Value.Check(RolloutStrategySchema, value.api)) {
    const [first] = Value.Errors(RolloutStrategySchema, value.api);
    throw new Error(
      `${where}: ${first?.instancePath || "/"} ${first?.message ?? "is not a rollout"}`,
    );
  }
  return parseRolloutStrategy(value.api, where);
}

/**
 * The request's rollout, else the commit's default for the stack, with the stack's analysis
 * rules. A setting that does not parse fails the deploy before anything is published.
 */
export function rolloutPlan(request: DeployRequest, stack: ReleaseStack): RolloutPlan {
  try {
    const api = request.rollout?.api ?? committedApiRollout(stack);
    const rules = stack.committedValue(analysisKey);
    return {
      ...(api ? { api } : {}),
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
