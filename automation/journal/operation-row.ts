import type { Operation, OperationPatch, StepRecord } from "./journal";

/** An operations row as SQLite returns it. */
export interface OperationRow {
  id: string;
  stack: string;
  kind: Operation["kind"];
  status: Operation["status"];
  requested_by: string;
  request: string;
  created_at: string;
  finished_at: string | null;
  commit_hash: string | null;
  affected_services: string;
  summary: string | null;
  versions: string | null;
  release_tag: number | null;
  rolled_back: number;
  error: string | null;
}

/** The columns an Operation is made of, in the order the listing reads them. */
const operationColumnNames = [
  "id",
  "stack",
  "kind",
  "status",
  "requested_by",
  "request",
  "created_at",
  "finished_at",
  "commit_hash",
  "affected_services",
  "summary",
  "versions",
  "release_tag",
  "rolled_back",
  "error",
] as const satisfies readonly (keyof OperationRow)[];

/**
 * The listing reads these columns and no others (not the lease's and cancel's), as plain
 * arrays (`Statement.raw()`), since better-sqlite3 builds a row object column by column
 * and that cost more than the query itself.
 */
export const operationColumns = operationColumnNames.join(", ");

/** An operations row from the values of `operationColumns`, in that order. */
export function operationRow(values: unknown[]): OperationRow {
  const row: Record<string, unknown> = {};
  operationColumnNames.forEach((name, index) => (row[name] = values[index]));
  // Typed by the listed columns alone: one OperationRow has and the list lacks fails here.
  return row as Pick<OperationRow, (typeof operationColumnNames)[number]>;
}

export interface StepRow {
  name: string;
  status: StepRecord["status"];
  started_at: string;
  finished_at: string | null;
  detail: string | null;
}

const parse = <T>(json: string | null): T | undefined =>
  json === null ? undefined : (JSON.parse(json) as T);

export function toOperation(row: OperationRow, steps: StepRow[]): Operation {
  return {
    id: row.id,
    stack: row.stack,
    kind: row.kind,
    status: row.status,
    requestedBy: row.requested_by,
    request: JSON.parse(row.request) as Record<string, unknown>,
    createdAt: row.created_at,
    finishedAt: row.finished_at ?? undefined,
    steps: steps.map((step) => ({
      name: step.name,
      status: step.status,
      startedAt: step.started_at,
      finishedAt: step.finished_at ?? undefined,
      detail: parse(step.detail),
    })),
    commit: row.commit_hash ?? undefined,
    affectedServices: JSON.parse(row.affected_services) as Operation["affectedServices"],
    summary: parse(row.summary),
    versions: parse(row.versions),
    releaseTag: row.release_tag ?? undefined,
    rolledBack: row.rolled_back === 1,
    error: parse(row.error),
  };
}

/** Column assignments for a patch; only the fields present are written. */
export function patchColumns(patch: OperationPatch): Record<string, string | number | null> {
  const columns: Record<string, string | number | null> = {};
  const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
  if (patch.status !== undefined) columns.status = patch.status;
  if (patch.finishedAt !== undefined) columns.finished_at = patch.finishedAt;
  if (patch.commit !== undefined) columns.commit_hash = patch.commit;
  if (patch.affectedServices !== undefined)
    columns.affected_services = JSON.stringify(patch.affectedServices);
  if (patch.summary !== undefined) columns.summary = json(patch.summary);
  if (patch.versions !== undefined) columns.versions = json(patch.versions);
  if (patch.releaseTag !== undefined) columns.release_tag = patch.releaseTag;
  if (patch.rolledBack !== undefined) columns.rolled_back = patch.rolledBack ? 1 : 0;
  if (patch.error !== undefined) columns.error = json(patch.error);
  return columns;
}
