import type { Stack } from "@pulumi/pulumi/automation";
import { engineFailure } from "../engine/engine-failure";
import { summarizeEngineEvent } from "../engine/engine-event-summary";
import type { OperationPatch, OperationStatus } from "../journal/journal";
import type { StepRecorder } from "../operations/step-recorder";

/** A preview or a refresh: one engine run, journaled and streamed like a deploy's `up`. */
export async function runEngineOperation(input: {
  kind: "preview" | "refresh";
  openStack: () => Promise<Stack>;
  recorder: StepRecorder;
  signal: AbortSignal;
}): Promise<OperationPatch & { status: OperationStatus }> {
  const { kind, recorder, signal } = input;
  const onEvent = (event: Parameters<typeof summarizeEngineEvent>[0]) => {
    const data = summarizeEngineEvent(event);
    if (data) recorder.emit("engine", data);
  };
  const summary = await recorder.step(
    kind,
    async () => {
      const stack = await input.openStack();
      try {
        if (kind === "preview")
          return { changeSummary: (await stack.preview({ onEvent, signal })).changeSummary };
        const { result, resourceChanges } = (
          await stack.refresh({ onEvent, signal, runProgram: true })
        ).summary;
        return { result, resourceChanges };
      } catch (error) {
        throw engineFailure(error, signal);
      }
    },
    (s) => s,
  );
  return { status: "succeeded", summary };
}
