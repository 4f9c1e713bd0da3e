import { z } from "zod";
import { segment } from "../../client/api-client";
import { stackInput } from "../schemas";
import { defineTool } from "../tool-kit";

const output = z.object({
  invalidation: z.looseObject({
    id: z.string(),
    paths: z.array(z.string()),
    status: z.enum(["InProgress", "Completed"]),
    created: z.boolean().optional().describe("false when this repeated an earlier request"),
    dropped: z
      .array(z.looseObject({ path: z.string(), coveredBy: z.string() }))
      .optional()
      .describe("paths left out as repeats or covered by a wildcard"),
  }),
});

export const invalidateTool = defineTool({
  name: "invalidate",
  scope: "deploy",
  title: "Invalidate web paths in CloudFront",
  description:
    "Asks CloudFront to drop its cached copies of web paths (each starting with /, URL-encoded, a * only at the end, " +
    "e.g. /index.html or /docs/*), so users get the live release's files. Deploys and rollbacks already invalidate " +
    "/ and /index.html, and hashed assets never need it: use this for other paths that must be fresh. It serves " +
    "the same files, only fetched again, so it is safe, but CloudFront bills invalidations beyond a monthly quota. " +
    "Returns at once, usually InProgress; calling again with the same paths (while the same web release is live) " +
    "returns the same invalidation with its current status instead of a new one.",
  annotations: {
    readOnlyHint: false,
    destructiveHint: false,
    idempotentHint: true,
    openWorldHint: true,
  },
  input: {
    stack: stackInput,
    // CloudFront's limits on paths are the server's to check: its answer names the path.
    paths: z.array(z.string().min(1)).min(1).describe("paths such as /index.html or /docs/*"),
    idempotencyKey: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,128}$/)
      .optional()
      .describe(
        "a key that makes a retry return the same invalidation; derived from the paths by default",
      ),
  },
  output,
  async run({ stack, paths, idempotencyKey }, api) {
    const { body } = await api.post<z.infer<typeof output>>(
      `/stacks/${segment(stack)}/invalidate`,
      { paths },
      idempotencyKey ? { "idempotency-key": idempotencyKey } : undefined,
    );
    const { invalidation } = body;
    const repeated = invalidation.created === false ? " (an earlier request's)" : "";
    return {
      result: body,
      summary: `invalidation ${invalidation.id}${repeated} of ${invalidation.paths.join(", ")}: ${invalidation.status}`,
    };
  },
});
