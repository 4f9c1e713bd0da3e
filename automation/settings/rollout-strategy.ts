import { Type, type Static } from "typebox";

/** How long a step holds its weight before the next: a duration, or until someone acts. */
export type RolloutPause = { kind: "timed"; ms: number } | { kind: "manual" };

export interface RolloutStep {
  /** Percent of the service's traffic the new version gets from this step on. */
  weight: number;
  pause?: RolloutPause;
}

/** A service's rollout: its steps, the last at 100 %. */
export interface RolloutStrategy {
  steps: RolloutStep[];
}

export const RolloutStepSchema = Type.Object(
  {
    weight: Type.Number({
      exclusiveMinimum: 0,
      maximum: 100,
      description: "percent of the service's traffic the new version gets from this step on",
    }),
    pause: Type.Optional(
      Type.String({
        pattern: "^(manual|[1-9][0-9]{0,5}(s|m|h))$",
        description:
          'how long the step holds before the next: "30s", "5m", "1h", or "manual" (until promoted)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RolloutStrategySchema = Type.Object(
  {
    steps: Type.Array(RolloutStepSchema, {
      minItems: 1,
      maxItems: 20,
      description: "weights rising to a last step of 100",
    }),
  },
  { additionalProperties: false },
);

export type RolloutStrategyBody = Static<typeof RolloutStrategySchema>;

const unitMs = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

function parsePause(pause: string | undefined): RolloutPause | undefined {
  if (pause === undefined) return undefined;
  if (pause === "manual") return { kind: "manual" };
  const unit = pause.slice(-1) as keyof typeof unitMs;
  return { kind: "timed", ms: Number(pause.slice(0, -1)) * unitMs[unit] };
}

/**
 * A strategy as the schema let it through, checked for what a schema cannot say: weights
 * rise, the last is 100, and nothing waits after all traffic has moved. The error names
 * `where` (the request body's field, or the stack setting).
 */
export function parseRolloutStrategy(body: RolloutStrategyBody, where: string): RolloutStrategy {
  const steps = body.steps.map(({ weight, pause }) => ({ weight, pause: parsePause(pause) }));
  steps.forEach((step, index) => {
    const before = steps[index - 1];
    if (before && step.weight <= before.weight)
      throw new Error(
        `${where}: step ${index + 1}'s weight ${step.weight} must be above step ${index}'s ${before.weight}`,
      );
  });
  const last = steps[steps.length - 1]!;
  if (last.weight !== 100)
    throw new Error(
      `${where}: the last step must move all traffic (weight 100), not ${last.weight}`,
    );
  if (last.pause)
    throw new Error(`${where}: the last step (weight 100) ends the rollout and cannot pause`);
  return { steps };
}

/** mcp's steps: ALB listener weights are whole numbers, so each step is a whole percent. */
export function wholePercentSteps(strategy: RolloutStrategy, where: string): RolloutStrategy {
  const index = strategy.steps.findIndex((step) => !Number.isInteger(step.weight));
  if (index >= 0)
    throw new Error(
      `${where}: step ${index + 1}'s weight ${strategy.steps[index]!.weight} must be a whole percent (ALB weights are whole numbers)`,
    );
  return strategy;
}

/** Today's canary as a rollout: one weight held for the bake, then all traffic. */
export function canaryStrategy(canary: { weight: number; bakeSeconds: number }): RolloutStrategy {
  return {
    steps: [
      { weight: canary.weight, pause: { kind: "timed", ms: canary.bakeSeconds * 1000 } },
      { weight: 100 },
    ],
  };
}
