import assert from "node:assert/strict";
import type { Operation } from "../automation/journal/journal";

/** How long a journaled step of an operation took. */
export function stepMs(operation: Operation, name: string): number {
  const step = operation.steps.find((s) => s.name === name);
  assert.ok(step?.finishedAt, `step ${name} did not finish`);
  return Date.parse(step.finishedAt) - Date.parse(step.startedAt);
}
