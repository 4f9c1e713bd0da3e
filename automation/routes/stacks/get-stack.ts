import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
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
});

const StackView = Type.Object({
  stack: Type.String(),
  outputs: Type.Record(Type.String(), Type.Unknown(), {
    description: "the stack's outputs; secret ones read `[secret]`",
  }),
  live: Type.Union([
    Type.Object({ api: ServiceLive, web: ServiceLive, mcp: ServiceLive }),
    Type.Null(),
  ]),
  lastRelease: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
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

export const getStackRoute =
  (stacks: StackOperations): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/stacks/:stack",
      {
        schema: {
          summary: "A stack's outputs, live pointers, last release and running operation",
          tags: ["stacks"],
          params: StackParams,
          response: { 200: StackView, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const stackName = request.params.stack;
        await requireKnownStack(stacks, stackName);
        const outputs = await (await stacks.settings(stackName)).outputs();
        // Secret outputs are reported as present, never with their value.
        const visible = Object.fromEntries(
          Object.entries(outputs).map(([name, output]) => [
            name,
            output.secret ? "[secret]" : (output.value as unknown),
          ]),
        );
        const { journal } = stacks.options;
        const running = journal.lockHolder(stackName);
        return {
          stack: stackName,
          outputs: visible,
          live: currentLive(journal, stackName)?.services ?? null,
          lastRelease: journal.latestRelease(stackName) ?? null,
          running: running ?? null,
        };
      },
    );
  };
