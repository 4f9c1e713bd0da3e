import type { EngineEvent } from "@pulumi/pulumi/automation";
import { engineFailure } from "../engine/engine-failure";
import { summarizeEngineEvent } from "../engine/engine-event-summary";
import { currentLive } from "../journal/current-live";
import type { ReleaseProgram } from "../operations/stack-operations";
import { analyzeRelease } from "./analyze-release";
import type { DeployInput } from "./deploy-input";
import type { DeployOutcome } from "./deploy-outcome";
import { releaseConfig } from "./release-config";

/** One step of the engine's plan: what it would do to which resource. */
export interface PlannedStep {
  op: string;
  type: string;
  name: string;
}

export type PreviewInput = Pick<
  DeployInput,
  | "stackName"
  | "release"
  | "force"
  | "source"
  | "pathMap"
  | "journal"
  | "recorder"
  | "signal"
  | "note"
> & { openRelease: () => Promise<ReleaseProgram> };

/**
 * A deploy's dry run: the same change analysis, then a preview of `up` with exactly the
 * settings the deploy would set (the affected services' hashes, their pins cleared,
 * traffic held), laid over the stack's settings in the worktree only. So it works on a
 * stack never deployed, and says which services would change and how.
 */
export async function runPreview(input: PreviewInput): Promise<DeployOutcome> {
  const { recorder, signal } = input;
  const live = await currentLive(input.journal, input.stackName);
  const changes = await analyzeRelease(input);
  const { affected, commit } = changes;
  if (affected.length === 0)
    return {
      status: "succeeded",
      summary: {
        affected,
        reason: "nothing deployable changed since the last release: a deploy would end skipped",
      },
    };
  const program = await input.openRelease();
  try {
    const config = releaseConfig(affected, commit, live);
    const plan: PlannedStep[] = [];
    const onEvent = (event: EngineEvent) => {
      const pre = event.resourcePreEvent?.metadata;
      // The stack and the providers are the engine's own, not resources a deploy changes.
      if (pre && pre.op !== "same" && !pre.type.startsWith("pulumi:"))
        plan.push({ op: pre.op, type: pre.type, name: pre.urn.split("::").at(-1) ?? pre.urn });
      const data = summarizeEngineEvent(event);
      if (data) recorder.emit("engine", data);
    };
    const changeSummary = await recorder.step(
      "preview",
      async () => {
        try {
          return (await program.stack.preview({ onEvent, signal }, config)).changeSummary;
        } catch (error) {
          throw engineFailure(error, signal);
        }
      },
      (summary) => ({ changeSummary: summary, plan }),
    );
    return { status: "succeeded", summary: { affected, held: config.held, changeSummary, plan } };
  } finally {
    await program.dispose();
  }
}
