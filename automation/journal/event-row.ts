import type { OperationEvent } from "./journal";

/** An events row as both journals read it: the data is JSON text, as stored. */
export interface EventRow {
  seq: number;
  at: string;
  type: OperationEvent["type"];
  data: string;
}

export const eventData = (row: EventRow): Record<string, unknown> =>
  JSON.parse(row.data) as Record<string, unknown>;

export const toEvent = (operationId: string, row: EventRow): OperationEvent => ({
  operationId,
  seq: row.seq,
  at: row.at,
  type: row.type,
  data: eventData(row),
});
