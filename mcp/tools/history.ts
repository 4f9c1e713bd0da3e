import { z } from "zod";
import { segment } from "../../client/api-client";
import { stackInput } from "../schemas";
import { defineTool } from "../tool-kit";

const build = z.looseObject({ gitHash: z.string(), pointer: z.string() });

const release = z.looseObject({
  tag: z.number().int(),
  commit: z.string(),
  deploymentId: z.string(),
  createdAt: z.string(),
  services: z.looseObject({ api: build, web: build, mcp: build }),
  bad: z
    .record(z.string(), z.looseObject({ at: z.string(), by: z.string(), reason: z.string() }))
    .describe("per service, why the release was rolled back; empty for a good release"),
});

const output = z.object({
  stack: z.string(),
  releases: z.array(release).describe("newest first"),
  total: z.number().int().describe("how many releases the stack has in all"),
});

export const historyTool = defineTool({
  name: "history",
  scope: "read",
  title: "Release history",
  description:
    "A stack's releases, newest first: tag, commit, the deploy that made it, when, and per service the git hash and " +
    "pointer. A release that was rolled back is marked bad per service (when, by whom, why); a default rollback never " +
    "goes back to a bad release. Read-only. Use it to pick a rollback target (`to`) or to see what changed recently.",
  annotations: { readOnlyHint: true, openWorldHint: false },
  input: {
    stack: stackInput,
    limit: z.number().int().min(1).max(100).default(20).describe("how many releases, newest first"),
  },
  output,
  async run({ stack, limit }, api) {
    const { items } = await api.get<{ items: z.infer<typeof release>[] }>(
      `/stacks/${segment(stack)}/releases`,
    );
    const releases = items.slice(0, limit);
    const bad = items.filter((r) => Object.keys(r.bad).length > 0);
    const summary =
      items.length === 0
        ? `${stack} has no release yet`
        : `${stack}: ${items.length} release(s), newest ${items[0]!.tag}` +
          (bad.length > 0
            ? `; rolled back: ${bad.map((r) => `${r.tag} (${Object.keys(r.bad).join(", ")})`).join(", ")}`
            : "; none rolled back");
    return { result: { stack, releases, total: items.length }, summary };
  },
});
