import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { LiveCheck } from "../../domain/live-state";
import { currentLive } from "../../journal/current-live";
import type { StackOperations } from "../../operations/stack-operations";
import { errorResponses } from "../schemas";
import { requireKnownStack } from "./known-stack";
import { StackParams } from "./stack-params";

const ServiceLive = Type.Object({
  tag: Type.Integer({ description: "the release whose build the service runs" }),
  gitHash: Type.String(),
  pointer: Type.String({
    description: "api: Lambda version; mcp: task definition ARN; web: release prefix",
  }),
  unreleased: Type.Optional(
    Type.String({
      description:
        "set when the build is no release's: the operation that published it, or `unknown`",
    }),
  ),
  weights: Type.Optional(
    Type.Record(Type.String(), Type.Number(), {
      description: "api: extra versions alias live sends traffic to",
    }),
  ),
});

const LiveCheckView = Type.Object({
  at: Type.String(),
  operationId: Type.String(),
  agreed: Type.Boolean(),
  drift: Type.Array(
    Type.Object({
      service: Type.String(),
      journal: Type.String(),
      aws: Type.String(),
      weights: Type.Optional(Type.Record(Type.String(), Type.Number())),
    }),
  ),
  summary: Type.String({ description: "the check in words" }),
});

const StackView = Type.Object({
  stack: Type.String(),
  outputs: Type.Record(Type.String(), Type.Unknown(), {
    description:
      "the stack's outputs as its last engine run (up, refresh) left them; secret values, at any depth, read `[secret]`",
  }),
  outputsRecordedAt: Type.Union([Type.String(), Type.Null()], {
    description: "when the outputs were recorded; null before any engine run recorded them",
  }),
  live: Type.Union([
    Type.Object({ api: ServiceLive, web: ServiceLive, mcp: ServiceLive }),
    Type.Null(),
  ]),
  lastRelease: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  liveCheck: Type.Union([LiveCheckView, Type.Null()], {
    description:
      "when live state was last read back from AWS (reconcile, recovery), and what differed",
  }),
  running: Type.Union([
    Type.Object({
      operationId: Type.String(),
      kind: Type.String(),
      requestedBy: Type.String(),
      since: Type.String(),
    }),
    Type.Null(),
  ]),
});

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
          response: { 200: StackView, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const stackName = request.params.stack;
        await requireKnownStack(stacks, stackName);
        // From the journal only: a read never starts the engine, nor creates the stack.
        const { journal } = stacks.options;
        const recorded = journal.recordedOutputs(stackName);
        const running = journal.lockHolder(stackName);
        const check = journal.liveState(stackName)?.lastCheck;
        return {
          stack: stackName,
          outputs: recorded?.outputs ?? {},
          outputsRecordedAt: recorded?.recordedAt ?? null,
          live: currentLive(journal, stackName)?.services ?? null,
          liveCheck: check ? { ...check, summary: describeCheck(check) } : null,
          lastRelease: journal.latestRelease(stackName) ?? null,
          running: running ?? null,
        };
      },
    );
  };
