import { Type } from "typebox";
import { Value } from "typebox/value";

export interface AnalysisRules {
  /** The canary's error rate may reach the larger of this fraction and errorRateVsStable × the stable version's. */
  maxErrorRate: number;
  errorRateVsStable: number;
  /** The canary's p99 duration may reach this × the stable version's. */
  p99VsStable: number;
  /** Fewer canary requests than this in the window: no verdict ("inconclusive"). */
  minRequests: number;
  /** How often the metrics are read and judged during a pause, in seconds. */
  intervalSeconds: number;
}

export const defaultAnalysisRules: AnalysisRules = {
  maxErrorRate: 0.01,
  errorRateVsStable: 1.5,
  p99VsStable: 1.2,
  minRequests: 50,
  intervalSeconds: 60,
};

export const AnalysisRulesSchema = Type.Object(
  {
    maxErrorRate: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        default: defaultAnalysisRules.maxErrorRate,
        description:
          "the canary's error rate (errors / requests) may always reach this fraction, whatever the stable version's",
      }),
    ),
    errorRateVsStable: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 100,
        default: defaultAnalysisRules.errorRateVsStable,
        description:
          "the canary's error rate may reach this multiple of the stable version's, when that is above maxErrorRate",
      }),
    ),
    p99VsStable: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 100,
        default: defaultAnalysisRules.p99VsStable,
        description: "the canary's p99 duration may reach this multiple of the stable version's",
      }),
    ),
    minRequests: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000_000,
        default: defaultAnalysisRules.minRequests,
        description: "fewer canary requests than this in the window give no verdict (inconclusive)",
      }),
    ),
    intervalSeconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 3600,
        default: defaultAnalysisRules.intervalSeconds,
        description:
          "how often the metrics are read and judged during a pause; AWS publishes them per minute",
      }),
    ),
  },
  {
    additionalProperties: false,
    description: "how a canary is judged against the stable version at each step of a rollout",
  },
);

/** The first problem TypeBox finds, as "<key> must …", naming an unknown key by its name. */
function firstProblem(value: unknown): string | undefined {
  for (const error of Value.Errors(AnalysisRulesSchema, value)) {
    if (error.keyword === "additionalProperties") {
      const unknown = (error.params as { additionalProperties?: string[] }).additionalProperties;
      const known = Object.keys(defaultAnalysisRules).join(", ");
      return `${unknown?.join(", ") ?? "a key"} is not a rule (the rules are ${known})`;
    }
    if (error.keyword === "boolean") continue;
    const key = error.instancePath.replace(/^\//, "");
    const got = key === "" ? value : (value as Record<string, unknown>)[key];
    return `${key === "" ? "the rules" : key} ${error.message}, got ${JSON.stringify(got)}`;
  }
  return undefined;
}

/**
 * Validates a value from a request body or the stack's config (`flightdeck:analysis`),
 * naming `where` and the bad key in its Error; fills defaults. A string is read as JSON,
 * as the Automation API returns a structured config value; undefined gives the defaults.
 */
export function parseAnalysisRules(value: unknown, where: string): AnalysisRules {
  if (value === undefined) return { ...defaultAnalysisRules };
  let rules: unknown = value;
  if (typeof value === "string") {
    try {
      rules = JSON.parse(value) as unknown;
    } catch {
      throw new Error(`${where} is not valid JSON; it must be an object of analysis rules`);
    }
  }
  const problem = firstProblem(rules);
  if (problem !== undefined) throw new Error(`${where}: ${problem}`);
  return { ...defaultAnalysisRules, ...(rules as Partial<AnalysisRules>) };
}
