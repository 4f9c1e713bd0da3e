import type { Pool } from "pg";
import type { LiveState } from "../domain/live-state";
import type { ReleaseManifest } from "../domain/release";
import { firstRow, inTransaction, rows, type Queryable } from "./postgres-db";
import { writeLive } from "./postgres-live-truth";

/** The PostgreSQL side of releases: one manifest per stack and tag. */

const manifest = (row: { manifest: string } | undefined) =>
  row && (JSON.parse(row.manifest) as ReleaseManifest);

/** Records a release and what is live after it together: a duplicate tag changes neither. */
export async function saveRelease(
  pool: Pool,
  release: ReleaseManifest,
  live?: LiveState,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query(
      "INSERT INTO releases (stack, tag, manifest, created_at) VALUES ($1, $2, $3, $4)",
      [release.stack, release.tag, JSON.stringify(release), release.createdAt],
    );
    if (live) await writeLive(client, live);
  });
}

export async function getRelease(
  db: Queryable,
  stack: string,
  tag: number,
): Promise<ReleaseManifest | undefined> {
  return manifest(
    await firstRow<{ manifest: string }>(
      db,
      "SELECT manifest FROM releases WHERE stack = $1 AND tag = $2",
      [stack, tag],
    ),
  );
}

export async function latestRelease(
  db: Queryable,
  stack: string,
): Promise<ReleaseManifest | undefined> {
  return manifest(
    await firstRow<{ manifest: string }>(
      db,
      "SELECT manifest FROM releases WHERE stack = $1 ORDER BY tag DESC LIMIT 1",
      [stack],
    ),
  );
}

export async function listReleases(db: Queryable, stack: string): Promise<ReleaseManifest[]> {
  const found = await rows<{ manifest: string }>(
    db,
    "SELECT manifest FROM releases WHERE stack = $1 ORDER BY tag",
    [stack],
  );
  return found.map((row) => JSON.parse(row.manifest) as ReleaseManifest);
}
