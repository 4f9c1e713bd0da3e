import { createHash } from "node:crypto";
import { z } from "zod";
import type { ServiceName } from "../automation/domain/services";
import type { ApiClient } from "../client/api-client";
import { requestRollbackPlan } from "../client/rollback-dry-run";

/** The dry run's plan, as `400 confirmation_required` carries it in `details`. */
export const planSchema = z.looseObject({
  to: z.number().int().describe("the release tag the services would go back to"),
  changes: z
    .array(
      z.looseObject({
        service: z.string(),
        fromTag: z.number().int(),
        from: z.string().describe("the pointer live now"),
        to: z.string().describe("the pointer it would move to"),
        gitHash: z.string().describe("the commit the service would run"),
      }),
    )
    .describe("the pointer moves; empty when everything is already there"),
  unchanged: z.array(z.string()).describe("services already on the target"),
  bad: z
    .array(z.looseObject({ service: z.string(), reason: z.string() }))
    .optional()
    .describe("the target was rolled back before for these services: needs allowBad"),
  infraChanges: z
    .looseObject({ files: z.array(z.string()), redeploy: z.string() })
    .optional()
    .describe("program changes since the target that a pointer move leaves in place"),
  migrations: z
    .array(z.looseObject({ tag: z.number().int(), files: z.array(z.string()) }))
    .optional()
    .describe("releases since the target that changed database migrations, which stay applied"),
});
export type RollbackPlanView = z.infer<typeof planSchema>;

export interface RollbackRequest {
  stack: string;
  services: ServiceName[];
  to?: number;
}

export interface ShownPlan {
  plan: RollbackPlanView;
  planId: string;
  /** The server's own sentence on what the rollback would do. */
  message: string;
}

/** The rollback's dry run, checked against the shape the tools promise, with its plan id. */
export async function planRollback(api: ApiClient, request: RollbackRequest): Promise<ShownPlan> {
  const body = {
    services: request.services,
    ...(request.to === undefined ? {} : { to: request.to }),
  };
  const dryRun = await requestRollbackPlan(api, request.stack, body);
  const plan = planSchema.parse(dryRun.plan);
  return { plan, planId: planDigest(request, plan), message: dryRun.message };
}

/**
 * The plan id: a digest of what the rollback would do (stack, services, target, each
 * pointer move, and what a pointer move leaves in place). Any change of live state that
 * changes the plan changes the id, so a confirmed rollback is always the one shown.
 */
export function planDigest(request: RollbackRequest, plan: RollbackPlanView): string {
  const content = {
    stack: request.stack,
    services: request.services,
    to: plan.to,
    changes: plan.changes.map(({ service, fromTag, from, to, gitHash }) => ({
      service,
      fromTag,
      from,
      to,
      gitHash,
    })),
    unchanged: plan.unchanged,
    bad: plan.bad ?? [],
    infraChanges: plan.infraChanges ?? null,
    migrations: plan.migrations ?? [],
  };
  return `plan-${createHash("sha256").update(canonicalJson(content)).digest("hex").slice(0, 32)}`;
}

/** JSON with object keys sorted at every depth, so equal content always digests alike. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
