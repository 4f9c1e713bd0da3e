import picomatch from "picomatch";
import type { ReleaseManifest } from "../domain/release";
import { runGit } from "../git/run-git";
import type { RollbackPlan } from "./plan-rollback";

export interface ReleaseMigrations {
  tag: number;
  /** Migration files the release changed since the release before it (at most 100). */
  files: string[];
}

/**
 * The releases after the target, up to what the services run, that changed migration
 * files. A rollback moves pointers and never runs a down-migration, so the older build
 * will meet the newer schema: the dry run names the releases whose changes it keeps.
 */
export async function migrationsSince(input: {
  gitDir: string;
  plan: RollbackPlan;
  releases: ReleaseManifest[];
  migrationsPath: string;
}): Promise<ReleaseMigrations[]> {
  const { plan } = input;
  const isMigration = picomatch(input.migrationsPath, { dot: true });
  const newest = Math.max(...Object.values(plan.live.services).map((s) => s.tag));
  const later = input.releases
    .filter((r) => r.tag > plan.target.tag && r.tag <= newest)
    .sort((a, b) => a.tag - b.tag);
  const found: ReleaseMigrations[] = [];
  let base = plan.target.commit;
  for (const release of later) {
    const diff = await runGit(input.gitDir, ["diff", "--name-only", base, release.commit]);
    const files = diff.split("\n").filter((path) => path !== "" && isMigration(path));
    if (files.length > 0) found.push({ tag: release.tag, files: files.slice(0, 100) });
    base = release.commit;
  }
  return found;
}

/** The dry run's sentence on them, or "" when there are none. */
export function describeMigrations(found: ReleaseMigrations[]): string {
  if (found.length === 0) return "";
  const list = found.map((m) => `${m.tag} (${m.files.join(", ")})`).join(", ");
  return `; release${found.length > 1 ? "s" : ""} ${list} changed database migrations, which a rollback does not undo: the older build must work with the newer schema (no down-migration runs)`;
}
