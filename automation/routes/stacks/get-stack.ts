import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { StackOperations } from "../../operations/stack-operations";
import { requireKnownStack } from "./known-stack";
import { StackParams } from "./stack-params";

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
        },
      },
      async (request) => {
        const stackName = request.params.stack;
        await requireKnownStack(stacks, stackName);
        const outputs = await (await stacks.open(stackName)).outputs();
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
          lastRelease: journal.latestRelease(stackName) ?? null,
          running: running ?? null,
        };
      },
    );
  };
