import { PipelineError } from "../domain/operation-error";

/** A write of an owner whose operation another instance has claimed since. */
export class LeaseLostError extends PipelineError {
  constructor(id: string, held: number, now: { owner: string | null; epoch: number }) {
    super(
      "lease_lost",
      `operation ${id} was taken over (lease epoch ${now.epoch}, this server held ${held}): ` +
        "its writes from this server are refused and it stops here",
    );
    this.name = "LeaseLostError";
  }
}

/**
 * The epoch at which this instance holds each operation it began or claimed. Every
 * write an owner makes to an operation (steps, events, its end, pointer moves) is
 * checked against the row in the write's own transaction, so once another instance
 * claimed it (owner changed, epoch bumped) a late write of the old owner is refused
 * rather than mixed into what the new owner records. Operations this instance never
 * held are not checked: it writes nothing to them as their owner.
 */
export class Fences {
  private readonly epochs = new Map<string, number>();

  hold(id: string, epoch: number): void {
    this.epochs.set(id, epoch);
  }

  /** Once the operation has ended: nobody claims it any more. */
  release(id: string): void {
    this.epochs.delete(id);
  }

  epoch(id: string): number | undefined {
    return this.epochs.get(id);
  }

  /** Throws LeaseLostError unless `row` (the operation as the write sees it) is still ours. */
  check(
    instanceId: string,
    id: string,
    row: { owner: string | null; epoch: number | string } | undefined,
  ): void {
    const held = this.epochs.get(id);
    if (held === undefined || !row) return;
    const epoch = Number(row.epoch);
    if (row.owner !== instanceId || epoch !== held)
      throw new LeaseLostError(id, held, { owner: row.owner, epoch });
  }
}
