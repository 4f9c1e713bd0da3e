import type { RollbackPlan, StackView } from "./api-types";
import { formatPointer, shortHash } from "./format";
import type { Output } from "./output";

/**
 * The dry run as a person reads it: per service from → to (release, hash, pointer), what
 * stays, and what a pointer move cannot undo.
 */
export function planLines(
  out: Output,
  stack: string,
  plan: RollbackPlan,
  live: StackView["live"],
): string[] {
  const { bold, dim, yellow } = out.color;
  const lines = [bold(`Rollback of ${stack} to release ${plan.to}:`)];
  for (const change of plan.changes) {
    const now = live?.[change.service];
    const from = `release ${change.fromTag}  ${now ? shortHash(now.gitHash) : "?"}  ${formatPointer(change.service, change.from)}`;
    const to = `release ${plan.to}  ${shortHash(change.gitHash)}  ${formatPointer(change.service, change.to)}`;
    lines.push(`  ${change.service}  ${from}  →  ${to}`);
  }
  if (plan.unchanged.length > 0) {
    lines.push(dim(`  unchanged: ${plan.unchanged.join(", ")} (already on release ${plan.to})`));
  }
  if (plan.infraChanges) {
    lines.push(
      yellow(
        `  ! infra changes since release ${plan.to} stay in place (${plan.infraChanges.files.join(", ")}); undo them with: flightdeck deploy ${stack} --ref ${plan.to}`,
      ),
    );
  }
  for (const release of plan.migrations ?? []) {
    lines.push(
      yellow(
        `  ! release ${release.tag} changed migrations (${release.files.join(", ")}): no down-migration runs, the older build meets the newer schema`,
      ),
    );
  }
  for (const bad of plan.bad ?? []) {
    lines.push(
      yellow(
        `  ! release ${bad.tag} was rolled back for ${bad.service}: ${bad.reason} (by ${bad.by} at ${bad.at})`,
      ),
    );
  }
  return lines;
}

/** `Roll back api from 18 to 17?`, services that come from the same release named together. */
export function rollbackQuestion(plan: RollbackPlan): string {
  const byTag = new Map<number, string[]>();
  for (const change of plan.changes) {
    byTag.set(change.fromTag, [...(byTag.get(change.fromTag) ?? []), change.service]);
  }
  const parts = [...byTag].map(([tag, services]) => `${services.join(", ")} from ${tag}`);
  return `Roll back ${parts.join(", ")} to ${plan.to}?`;
}
