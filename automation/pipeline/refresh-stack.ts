import { engineFailure } from "../engine/engine-failure";
import { summarizeEngineEvent } from "../engine/engine-event-summary";
import type { ReleaseProgram } from "../operations/stack-operations";
import type { StepRecorder } from "../operations/step-recorder";
import type { DeployOutcome } from "./deploy-outcome";

/**
 * A refresh: one engine run of the program the stack's state follows, journaled and
 * streamed like a deploy's `up`, reading what really runs back into state.
 */
export async function runRefresh(input: {
  /** Checks the program's commit out with its dependencies (journaled). */
  openRelease: () => Promise<ReleaseProgram>;
  recorder: StepRecorder;
  signal: AbortSignal;
}): Promise<DeployOutcome> {
  const { recorder, signal } = input;
  const onEvent = (event: Parameters<typeof summarizeEngineEvent>[0]) => {
    const data = summarizeEngineEvent(event);
    if (data) recorder.emit("engine", data);
  };
  const program = await input.openRelease();
  const summary = await recorder
    .step(
      "refresh",
      async () => {
        try {
          const { resourceChanges } = await program.stack.refresh({
            onEvent,
            signal,
            runProgram: true,
          });
          // `refresh` throws unless it succeeded.
          return { result: "succeeded", resourceChanges };
        } catch (error) {
          throw engineFailure(error, signal);
        }
      },
      (s) => s,
    )
    .finally(() => program.dispose());
  return { status: "succeeded", commit: program.commit, summary };
}
