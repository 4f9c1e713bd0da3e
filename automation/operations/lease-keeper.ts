import type { FastifyBaseLogger } from "fastify";
import type { AwsClients } from "../aws/aws-clients";
import type { Journal, Operation } from "../journal/journal";
import type { RunningOperations } from "./running-operations";
import { recoverOperation, type PinChanges } from "./recover-operation";

/**
 * Keeps this instance's leases and recovers lapsed ones: every third of a lease it
 * journals again the ends of operations that could not be journaled, renews the
 * heartbeat of the operations it runs, stops those whose cancel was asked of another
 * instance, claims operations whose owner is gone (its own too, when it no longer runs
 * them: their ends could not be journaled for three rounds), and settles them against
 * AWS. One it could not settle (AWS did not answer, or an engine lock waits for a quiet
 * checkpoint) stays claimed, its stack locked, and is tried again on the next round.
 */
export class LeaseKeeper {
  private readonly claimed = new Map<string, Operation>();
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;

  constructor(
    private readonly journal: Journal,
    private readonly running: RunningOperations,
    private readonly aws: AwsClients,
    private readonly leaseMs: number,
    private readonly log: FastifyBaseLogger,
    /** Writes rollback pins into the server's settings of a stack. */
    private readonly pin: (stack: string, changes: PinChanges) => Promise<void>,
    /**
     * Removes the engine locks a claimed operation left in an S3 state bucket; false
     * while one waits for the stack's checkpoint to stay unchanged for `quietMs`.
     */
    private readonly clearEngineLocks: (
      operation: Operation,
      quietMs: number,
    ) => Promise<boolean> = async () => true,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), Math.max(100, Math.floor(this.leaseMs / 3)));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
  }

  /** One round; rounds never overlap. */
  sweep(): Promise<void> {
    this.round ??= this.runRound().finally(() => (this.round = undefined));
    return this.round;
  }

  private async runRound(): Promise<void> {
    await this.running.retryEnds(3, (id, error) =>
      this.log.error({ err: error, operationId: id }, "could not journal the end of an operation"),
    );
    try {
      for (const lost of await this.journal.heartbeat(this.running.leased())) {
        this.running.cancel(lost, "another instance took this operation over");
        this.running.forget(lost);
      }
      // A cancel asked of another instance reaches this one through the journal.
      for (const { id, by } of await this.journal.cancelRequests(this.running.ids()))
        this.running.cancel(id, `cancelled by ${by}`);
      for (const operation of await this.journal.claimExpired(this.leaseMs))
        this.claimed.set(operation.id, operation);
    } catch (error) {
      this.log.error({ err: error }, "could not renew or claim operation leases");
      return;
    }
    for (const [id, operation] of this.claimed) {
      try {
        // While the operation still holds the stack, so no engine of ours can be on it.
        if (!(await this.clearEngineLocks(operation, this.leaseMs))) {
          this.log.info(
            { operationId: id, stack: operation.stack },
            "an interrupted operation's engine may still write the stack's state; it stays claimed until its checkpoint has been quiet for a lease",
          );
          continue;
        }
        await recoverOperation(this.journal, this.aws, this.pin, operation);
        this.claimed.delete(id);
        this.log.warn(
          { operationId: id, stack: operation.stack },
          "recovered an operation whose server stopped: marked interrupted",
        );
      } catch (error) {
        this.log.error(
          { err: error, operationId: id, stack: operation.stack },
          "could not settle an interrupted operation against AWS; its stack stays locked until it can",
        );
      }
    }
  }
}
