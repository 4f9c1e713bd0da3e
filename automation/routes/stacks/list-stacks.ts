import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { StackOperations } from "../../operations/stack-operations";
import { StackList } from "./stack-view";

/** GET /stacks: the stacks an operation could name, so clients need not know them upfront. */
export const listStacksRoute =
  (stacks: StackOperations): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      "/stacks",
      {
        schema: {
          summary:
            "The known stacks: a Pulumi.<stack>.yaml on the release branch, or settings the server keeps",
          tags: ["stacks"],
          response: { 200: StackList },
        },
      },
      async () => ({ items: (await stacks.knownStacks()).map((stack) => ({ stack })) }),
    );
  };
