import { engineFailure } from "../engine/engine-failure";
import { summarizeEngineEvent } from "../engine/engine-event-summary";
import type { OperationPatch, OperationStatus } from "../journal/journal";
import type { ReleaseProgram } from "../operations/stack-operations";
import type { StepRecorder } from "../operations/step-recorder";

/**
 * A preview or a refresh: one engine run of a commit's program, journaled and streamed
 * like a deploy's `up`.
 */
export async function runEngineOperation(input: {
  kind: "preview" | "refresh";
  /** Checks the program's commit out with its dependencies (journaled). */
  openRelease: () => Promise<ReleaseProgram>;
  recorder: StepRecorder;
  signal: AbortSignal;
}): Promise<OperationPatch & { status: OperationStatus }> {
  const { kind, recorder, signal } = input;
  const onEvent = (event: Parameters<typeof summarizeEngineEvent>[0]) => {
    const data = summarizeEngineEvent(event);
    if (data) recorder.emit("engine", data);
  };
  const program = await input.openRelease();
  const { stack } = program;
  const summary = await recorder
    .step(
      kind,
      async () => {
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
    )
    .finally(() => program.dispose());
  return { status: "succeeded", commit: program.commit, summary };
}
