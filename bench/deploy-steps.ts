import assert from "node:assert/strict";
import type { Journal, Operation, StepRecord } from "../automation/journal/journal";

/** How long a journaled step of an operation took. */
export function stepMs(operation: Operation, name: string): number {
  const step = operation.steps.find((s) => s.name === name);
  assert.ok(step?.finishedAt, `step ${name} did not finish`);
  return Date.parse(step.finishedAt) - Date.parse(step.startedAt);
}

/** A labelled span of time, in milliseconds. */
export type Span = [label: string, ms: number];

/**
 * Where a deploy's time went, from the request (`requestedAt`) to the client seeing its
 * end (`seenAt`), on the journal's clock (this process's): each step and the time before
 * it, in turn, the `up` step split at its first and last engine events.
 */
export async function deployTimeline(
  journal: Journal,
  deployment: Operation,
  requestedAt: number,
  seenAt: number,
): Promise<Span[]> {
  const spans: Span[] = [];
  let previousEnd = requestedAt;
  for (const step of deployment.steps) {
    assert.ok(step.finishedAt, `step ${step.name} did not finish`);
    const started = Date.parse(step.startedAt);
    spans.push([`(before ${step.name})`, started - previousEnd]);
    previousEnd = Date.parse(step.finishedAt);
    spans.push([step.name, previousEnd - started]);
    if (step.name === "up") spans.push(...(await enginePhases(journal, deployment.id, step)));
  }
  spans.push(["(to succeeded seen)", seenAt - previousEnd]);
  return spans;
}

/**
 * A step split at its first and last journaled engine events: what precedes the engine's
 * first resource (settings, the CLI and the program starting), the engine's work, and what
 * follows its summary (outputs and history read back, the journal settled).
 */
async function enginePhases(journal: Journal, id: string, step: StepRecord): Promise<Span[]> {
  const started = Date.parse(step.startedAt);
  const finished = Date.parse(step.finishedAt!);
  const times = (await journal.listEvents(id))
    .filter((event) => event.type === "engine")
    .map((event) => Date.parse(event.at))
    .filter((at) => at >= started && at <= finished);
  if (times.length === 0) return [];
  const first = Math.min(...times);
  const last = Math.max(...times);
  return [
    [`  ${step.name}: to the first engine event`, first - started],
    [`  ${step.name}: first to last engine event`, last - first],
    [`  ${step.name}: after the last engine event`, finished - last],
  ];
}
