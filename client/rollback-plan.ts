import type { RollbackPlanView, StackView } from "./types";

/** How a line reads: the heading, a pointer move, what stays, or what needs a look. */
export type PlanTone = "title" | "change" | "unchanged" | "warning";

export interface PlanLine {
  tone: PlanTone;
  text: string;
}

/**
 * The dry run as a person reads it: per service from → to (release, hash, pointer), what
 * stays, and what a pointer move cannot undo. `pointer` says what a pointer is per service
 * (a Lambda version, a task definition…); `live` adds the hash running now, when known.
 */
export function rollbackPlanLines(
  stack: string,
  plan: RollbackPlanView,
  live: StackView["live"] = null,
  pointer: (service: string, pointer: string) => string = (_, value) => value,
): PlanLine[] {
  const lines: PlanLine[] = [
    { tone: "title", text: `Rollback of ${stack} to release ${plan.to}:` },
  ];
  for (const change of plan.changes) {
    const now = live?.[change.service];
    const from = `release ${change.fromTag}  ${now ? shortHash(now.gitHash) : "?"}  ${pointer(change.service, change.from)}`;
    const to = `release ${plan.to}  ${shortHash(change.gitHash)}  ${pointer(change.service, change.to)}`;
    lines.push({ tone: "change", text: `  ${change.service}  ${from}  →  ${to}` });
  }
  const warn = (text: string) => lines.push({ tone: "warning", text: `  ! ${text}` });
  if (plan.unchanged.length > 0) {
    lines.push({
      tone: "unchanged",
      text: `  unchanged: ${plan.unchanged.join(", ")} (already on release ${plan.to})`,
    });
  }
  if (plan.infraChanges) {
    warn(
      `infra changes since release ${plan.to} stay in place (${plan.infraChanges.files.join(", ")}); undo them with: flightdeck deploy ${stack} --ref ${plan.to}`,
    );
  }
  for (const release of plan.migrations ?? []) {
    warn(
      `release ${release.tag} changed migrations (${release.files.join(", ")}): no down-migration runs, the older build meets the newer schema`,
    );
  }
  for (const bad of plan.bad ?? []) {
    warn(
      `release ${bad.tag} was rolled back for ${bad.service}: ${bad.reason} (by ${bad.by} at ${bad.at})`,
    );
  }
  return lines;
}

/** What a one-line account of a plan needs (MCP's own plan schema is looser than the server's). */
type PlanMoves = Pick<RollbackPlanView, "to"> & {
  changes: Array<{ service: string; fromTag: number }>;
  unchanged: string[];
};

/** `api from 18, web from 17`: services that come from the same release named together. */
function movesFrom(plan: PlanMoves): string {
  const byTag = new Map<number, string[]>();
  for (const change of plan.changes) {
    byTag.set(change.fromTag, [...(byTag.get(change.fromTag) ?? []), change.service]);
  }
  return [...byTag].map(([tag, services]) => `${services.join(", ")} from ${tag}`).join(", ");
}

/** `Roll back api from 18 to 17?` */
export const rollbackQuestion = (plan: PlanMoves): string =>
  `Roll back ${movesFrom(plan)} to ${plan.to}?`;

/** The plan in one line: what moves where, or that nothing needs to. */
export function rollbackSummary(plan: PlanMoves): string {
  if (plan.changes.length === 0) {
    return `nothing to roll back: ${plan.unchanged.join(", ")} already on release ${plan.to}`;
  }
  return `roll back ${movesFrom(plan)} to ${plan.to}`;
}

/** A full commit hash shortened as git does; anything else (a prefix, `unknown`) as it is. */
export const shortHash = (hash: string) => (/^[0-9a-f]{40}$/.test(hash) ? hash.slice(0, 7) : hash);
