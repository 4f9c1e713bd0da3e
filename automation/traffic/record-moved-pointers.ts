import { serviceKeys, type ServiceName } from "../domain/services";
import type { Journal } from "../journal/journal";

/**
 * The stack's outputs the journal keeps (what `GET /stacks/:stack` shows) learn the
 * pointers an operation moved outside the engine as soon as it has moved them, not once
 * the refresh that follows it has run. An output keeps its type (the api's version may
 * be a number).
 */
export async function recordMovedPointers(
  journal: Journal,
  stack: string,
  pointers: Partial<Record<ServiceName, string>>,
): Promise<void> {
  const recorded = await journal.recordedOutputs(stack);
  if (!recorded) return;
  const outputs = { ...recorded.outputs };
  for (const [service, pointer] of Object.entries(pointers) as [ServiceName, string][]) {
    const key = serviceKeys[service].pointerOutput;
    outputs[key] = typeof outputs[key] === "number" ? Number(pointer) : pointer;
  }
  await journal.recordOutputs(stack, outputs);
}
