import type { ServiceName } from "../domain/services";

/** What one pointer move did; the journal keeps these so a partial rollback is visible. */
export interface PointerMove {
  service: ServiceName;
  from: string;
  to: string;
  /** False when the pointer already was on the target. */
  moved: boolean;
  invalidationId?: string;
  /** web: the distribution moved, but invalidating its entry points failed. */
  invalidationError?: string;
}
