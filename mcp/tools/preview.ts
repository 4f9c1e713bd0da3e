import { z } from "zod";
import { operationSchema, refInput, stackInput } from "../schemas";
import { defineTool } from "../tool-kit";
import { startOperation } from "./start-operation";

export const previewTool = defineTool({
  name: "preview",
  scope: "deploy",
  title: "Dry run of a deploy",
  description:
    "What a deploy of `ref` (the release branch's tip by default) would do, without doing it: the change analysis " +
    "(which services it would release) and the engine's preview of up with exactly the settings the deploy would set. " +
    "Changes nothing that runs, but holds the stack like any operation while it runs. Returns at once with the " +
    "operation (id, status running); once get_deployment shows it succeeded, its `summary` has `affected`, " +
    "`changeSummary` and `plan` (each resource the engine would change).",
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: false,
  },
  input: {
    stack: stackInput,
    ref: refInput,
    force: z.boolean().optional().describe("preview every service, as a forced deploy would"),
  },
  output: z.object({ deployment: operationSchema }),
  run: ({ stack, ...body }, api) => startOperation(api, stack, "preview", body),
});
