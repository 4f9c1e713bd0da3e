import { z } from "zod";
import { serviceNames } from "../../automation/domain/services";
import { segment } from "../../client/api-client";
import { stackInput } from "../schemas";
import { defineTool } from "../tool-kit";

const serviceLive = z.looseObject({
  tag: z.number().int().describe("the release whose build the service runs"),
  gitHash: z.string(),
  pointer: z
    .string()
    .describe("api: Lambda version; mcp: task definition ARN; web: release prefix"),
  unreleased: z.string().optional().describe("set when the build is no release's"),
  weights: z.record(z.string(), z.number()).optional().describe("api: canary traffic weights"),
});

const output = z.looseObject({
  stack: z.string(),
  live: z.looseObject({ api: serviceLive, web: serviceLive, mcp: serviceLive }).nullable(),
  lastRelease: z.looseObject({ tag: z.number().int() }).nullable(),
  running: z
    .looseObject({
      operationId: z.string(),
      kind: z.string(),
      requestedBy: z.string(),
      since: z.string(),
    })
    .nullable(),
  liveCheck: z.looseObject({ summary: z.string() }).nullable(),
  outputs: z.record(z.string(), z.unknown()),
});

function describe(view: z.infer<typeof output>): string {
  const { live: services } = view;
  const live = services
    ? serviceNames
        .map((name) => {
          const { tag, unreleased } = services[name];
          return `${name} on release ${tag}${unreleased ? " (unreleased build)" : ""}`;
        })
        .join(", ")
    : "nothing released yet";
  const last = view.lastRelease ? `; last release ${view.lastRelease.tag}` : "";
  const running = view.running
    ? `; ${view.running.kind} ${view.running.operationId} by ${view.running.requestedBy} running since ${view.running.since}`
    : "; no operation running";
  return `${view.stack}: ${live}${last}${running}`;
}

export const statusTool = defineTool({
  name: "status",
  scope: "read",
  title: "What runs on a stack",
  description:
    "What is live on a stack right now, per service (api, web, mcp): the release tag it runs, its git hash and pointer " +
    "(after a rollback this is the older release, not the last one), the last release, the operation running on the " +
    "stack if any (deploys and rollbacks take the stack one at a time), the stack's outputs (URLs) and when live state " +
    "was last checked against AWS. Read-only and cheap: call it first, and again after a deploy or rollback ends.",
  annotations: { readOnlyHint: true, openWorldHint: false },
  input: { stack: stackInput },
  output,
  async run({ stack }, api) {
    const view = await api.get<z.infer<typeof output>>(`/stacks/${segment(stack)}`);
    return { result: view, summary: describe(view) };
  },
});
