import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { AnalysisRules } from "../../analysis/analysis-rules";
import type { Judgement } from "../../analysis/judge-canary";
import { judgeRead } from "../../analysis/judge-read";
import { readLambdaVersionMetrics } from "../../analysis/lambda-version-metrics";
import type { RolloutVersions } from "./alias-weights";

/**
 * Judges the api canary on Lambda's metrics of each version behind the alias since `since`;
 * during an incident on the canary's own numbers, as the stable version is what fails.
 */
export function apiJudge(options: {
  cloudwatch: CloudWatchClient;
  functionName: string;
  alias: string;
  versions: RolloutVersions;
  rules: AnalysisRules;
  incident: boolean;
  signal: AbortSignal;
}): (since: Date) => Promise<Judgement> {
  const { versions, rules, incident, signal } = options;
  const { stable, canary } = { stable: versions.stable.version, canary: versions.canary.version };
  return async (since) => {
    const metrics = await readLambdaVersionMetrics(
      options.cloudwatch,
      { functionName: options.functionName, alias: options.alias, versions: [stable, canary] },
      { start: since, end: new Date() },
      signal,
    );
    return judgeRead(metrics, { stable, canary }, rules, incident);
  };
}
