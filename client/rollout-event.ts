/**
 * A rollout's progress as the executor journals it: an operation event of type `log`
 * whose data has `kind: "rollout"`. Read here once for every front door (the CLI's
 * follow output, the dashboard's rollout panel), which only show it.
 */

export type RolloutState =
  "moving" | "analysing" | "paused" | "waiting" | "promoted" | "aborted" | "failed";

export interface RolloutCheck {
  rule: string;
  value: number;
  limit: number;
  passed: boolean;
}

export interface RolloutJudgement {
  verdict: "pass" | "fail" | "inconclusive";
  reason: string;
  checks: RolloutCheck[];
}

export interface RolloutEvent {
  service: string;
  /** 1-based. */
  step: number;
  steps: number;
  /** Percent of the traffic on the new version. */
  weight: number;
  state: RolloutState;
  /** A manual pause: since when it waits, without a time limit. */
  pausedSince?: string;
  /** A timed pause: until when. */
  waitUntil?: string;
  judgement?: RolloutJudgement;
  /** The command this event answers, when a person asked for it. */
  command?: { kind: string; by: string; reason?: string };
}

const states: readonly string[] = [
  "moving",
  "analysing",
  "paused",
  "waiting",
  "promoted",
  "aborted",
  "failed",
];
const verdicts: readonly string[] = ["pass", "fail", "inconclusive"];

type Data = Record<string, unknown>;
const isObject = (value: unknown): value is Data =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === "string";
const isNumber = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);

function checkOf(value: unknown): RolloutCheck | undefined {
  if (!isObject(value) || !isText(value.rule) || !isNumber(value.value)) return undefined;
  if (!isNumber(value.limit) || typeof value.passed !== "boolean") return undefined;
  return { rule: value.rule, value: value.value, limit: value.limit, passed: value.passed };
}

function judgementOf(value: unknown): RolloutJudgement | undefined {
  if (!isObject(value) || !isText(value.verdict) || !verdicts.includes(value.verdict)) {
    return undefined;
  }
  const checks = Array.isArray(value.checks) ? value.checks.map(checkOf) : [];
  return {
    verdict: value.verdict as RolloutJudgement["verdict"],
    reason: isText(value.reason) ? value.reason : "",
    checks: checks.filter((check): check is RolloutCheck => check !== undefined),
  };
}

function commandOf(value: unknown): RolloutEvent["command"] {
  if (!isObject(value) || !isText(value.kind) || !isText(value.by)) return undefined;
  return {
    kind: value.kind,
    by: value.by,
    ...(isText(value.reason) ? { reason: value.reason } : {}),
  };
}

/**
 * The rollout progress a `log` event's data carries, or undefined for any other event
 * (or one too malformed to show: a front door shows nothing rather than guess).
 */
export function rolloutEventOf(type: string, data: Data): RolloutEvent | undefined {
  if (type !== "log" || data.kind !== "rollout") return undefined;
  const { service, step, steps, weight, state } = data;
  if (!isText(service) || !isNumber(step) || !isNumber(steps) || !isNumber(weight)) {
    return undefined;
  }
  if (!isText(state) || !states.includes(state)) return undefined;
  const judgement = judgementOf(data.judgement);
  const command = commandOf(data.command);
  return {
    service,
    step,
    steps,
    weight,
    state: state as RolloutState,
    ...(isText(data.pausedSince) ? { pausedSince: data.pausedSince } : {}),
    ...(isText(data.waitUntil) ? { waitUntil: data.waitUntil } : {}),
    ...(judgement ? { judgement } : {}),
    ...(command ? { command } : {}),
  };
}
