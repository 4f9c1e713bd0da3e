import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { LiveCheck } from "../../domain/live-state";
import { currentLive } from "../../journal/current-live";
import type { StackOperations } from "../../operations/stack-operations";
import { errorResponses } from "../schemas";
import { requireKnownStack } from "./known-stack";
import { StackParams } from "./stack-params";
import { StackView } from "./stack-view";

function describeCheck(check: LiveCheck): string {
  if (check.agreed) return `journal and AWS agreed at ${check.at}`;
  const found = check.drift
    .map(
      (d) =>
        `${d.service}: journal ${d.journal}, AWS ${d.aws}${d.weights ? ` with weights ${JSON.stringify(d.weights)}` : ""}`,
    )
    .join("; ");
  return `journal and AWS disagreed at ${check.at} (${found}); live state was corrected to what AWS runs`;
}

export const getStackRoute =
  (stacks: StackOperations): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/stacks/:stack",
      {
        schema: {
          summary:
            "A stack's outputs, live pointers, last release and running operation, from the journal (the engine is not run)",
          tags: ["stacks"],
          params: StackParams,
          response: { 200: StackView, ...errorResponses(404) },
        },
      },
      async (request) => {
        const stackName = request.params.stack;
        await requireKnownStack(stacks, stackName);
        // From the journal only: a read never starts the engine, nor creates the stack.
        const { journal } = stacks.options;
        const recorded = await journal.recordedOutputs(stackName);
        const running = await journal.lockHolder(stackName);
        const check = (await journal.liveState(stackName))?.lastCheck;
        return {
          stack: stackName,
          outputs: recorded?.outputs ?? {},
          outputsRecordedAt: recorded?.recordedAt ?? null,
          live: (await currentLive(journal, stackName))?.services ?? null,
          liveCheck: check ? { ...check, summary: describeCheck(check) } : null,
          lastRelease: (await journal.latestRelease(stackName)) ?? null,
          running: running ?? null,
        };
      },
    );
  };
