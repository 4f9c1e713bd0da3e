import type { ServiceName } from "../domain/services";
import type { NewPointerIntent, PointerIntent } from "./journal";

/** A pointer_moves row as both journals read it: the target is JSON text. */
export interface PointerMoveRow {
  // SQLite's INTEGER id comes back as a number, PostgreSQL's BIGINT as text.
  id: number | string;
  operation_id: string;
  stack: string;
  service: ServiceName;
  from_pointer: string;
  to_pointer: string;
  target: string;
  state: PointerIntent["state"];
}

export const toPointerIntent = (row: PointerMoveRow): PointerIntent => ({
  // Ids stay far below 2^53.
  id: Number(row.id),
  operationId: row.operation_id,
  stack: row.stack,
  service: row.service,
  from: row.from_pointer,
  to: row.to_pointer,
  target: JSON.parse(row.target) as PointerIntent["target"],
  state: row.state,
});

/**
 * An intent's values in the order both journals' INSERTs name the columns:
 * operation_id, stack, service, from_pointer, to_pointer, target, then opened_at.
 */
export const pointerMoveValues = (intent: NewPointerIntent, openedAt: string): string[] => [
  intent.operationId,
  intent.stack,
  intent.service,
  intent.from,
  intent.to,
  JSON.stringify(intent.target),
  openedAt,
];
