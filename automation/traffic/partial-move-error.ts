import type { ServiceName } from "../domain/services";
import { PipelineError } from "../domain/operation-error";
import type { PointerMove } from "./pointer-move";

/**
 * Some pointers moved, one failed, the rest were not tried: the journal shows which. The
 * message reads the same for a forward shift and a rollback; the caller picks the code
 * (`rollback_incomplete` for a rollback, `traffic_shift_failed` for a deploy's shift).
 */
export class PartialMoveError extends PipelineError {
  constructor(
    code: string,
    readonly moves: PointerMove[],
    readonly failed: { service: ServiceName; message: string },
    notMoved: ServiceName[],
  ) {
    const moved = moves.filter((move) => move.moved).map((move) => move.service);
    super(
      code,
      `moving ${failed.service} failed: ${failed.message}; moved: ${moved.join(", ") || "none"}; not moved: ${notMoved.join(", ")}`,
      { moves, failed, notMoved },
    );
  }
}
