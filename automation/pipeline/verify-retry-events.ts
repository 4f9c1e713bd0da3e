import type { StepRecorder } from "../operations/step-recorder";
import type { VerifyRetry } from "./verify-health";

/**
 * Streams each retried look of a verification as a `log` event, so a client following
 * the operation sees the wait as it happens rather than only the step's final detail.
 */
export const streamRetries =
  (recorder: StepRecorder, step: string) =>
  (retry: VerifyRetry): void =>
    recorder.emit("log", { kind: "verify-retry", step, ...retry });
