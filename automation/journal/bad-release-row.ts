import type { ServiceName } from "../domain/services";
import type { BadRelease } from "./journal";

/** A bad_releases row as both journals read it. */
export interface BadReleaseRow {
  stack: string;
  tag: number;
  service: ServiceName;
  marked_at: string;
  marked_by: string;
  reason: string;
  operation_id: string;
}

export const toBadRelease = (row: BadReleaseRow): BadRelease => ({
  stack: row.stack,
  tag: row.tag,
  service: row.service,
  at: row.marked_at,
  by: row.marked_by,
  reason: row.reason,
  operationId: row.operation_id,
});
