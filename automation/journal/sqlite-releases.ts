import type { Database } from "better-sqlite3";
import type { LiveState } from "../domain/live-state";
import type { ReleaseManifest } from "../domain/release";
import { writeLive } from "./sqlite-live-truth";

/** The SQLite side of releases: one manifest per stack and tag. */

const manifest = (row: { manifest: string } | undefined) =>
  row && (JSON.parse(row.manifest) as ReleaseManifest);

export function saveRelease(db: Database, release: ReleaseManifest, live?: LiveState): void {
  db.transaction(() => {
    db.prepare("INSERT INTO releases (stack, tag, manifest, created_at) VALUES (?, ?, ?, ?)").run(
      release.stack,
      release.tag,
      JSON.stringify(release),
      release.createdAt,
    );
    if (live) writeLive(db, live);
  })();
}

export function getRelease(db: Database, stack: string, tag: number): ReleaseManifest | undefined {
  return manifest(
    db.prepare("SELECT manifest FROM releases WHERE stack = ? AND tag = ?").get(stack, tag) as
      { manifest: string } | undefined,
  );
}

export function latestRelease(db: Database, stack: string): ReleaseManifest | undefined {
  return manifest(
    db
      .prepare("SELECT manifest FROM releases WHERE stack = ? ORDER BY tag DESC LIMIT 1")
      .get(stack) as { manifest: string } | undefined,
  );
}

export function listReleases(db: Database, stack: string): ReleaseManifest[] {
  const rows = db
    .prepare("SELECT manifest FROM releases WHERE stack = ? ORDER BY tag")
    .all(stack) as Array<{ manifest: string }>;
  return rows.map((row) => JSON.parse(row.manifest) as ReleaseManifest);
}
