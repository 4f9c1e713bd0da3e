import type { FastifyBaseLogger } from "fastify";
import { checkpointVersion, readS3Lock, removeS3Lock, s3LockKeys } from "../engine/s3-engine-locks";
import type { StateBucket } from "../engine/state-bucket";
import { lockHolder } from "../engine/engine-lock-holder";
import { localProcess } from "../journal/instance-owner";
import type { Journal, Operation } from "../journal/journal";
import type { OperationEvents } from "./operation-events";

export interface EngineLockRecordOptions {
  bucket: StateBucket;
  projectName: string;
  journal: Journal;
  operationEvents: OperationEvents;
  log: FastifyBaseLogger;
}

/**
 * Which engine locks in an S3 state bucket are ours, and when one is stale.
 *
 * A lock names the pid and host of its engine, which say nothing seen from another
 * machine, and it is never refreshed, so its age says nothing either: an engineer's
 * `pulumi up` may rightly hold one for an hour. What the journal knows is which operation
 * held the stack when a lock appeared, and the lease says whether that operation's
 * instance is alive. So:
 *
 * 1. While our engine runs `up` or `refresh` (the commands that lock), the operation
 *    holding the stack in the journal records the key of the one lock on the stack. The
 *    engine made sure, after writing its lock, that no other was there, so a lone lock
 *    is its own; two mean another engine is backing off, and we look again at the next
 *    event. The key holds a random id per engine run, so no other process shares it.
 * 2. When the lease keeper has claimed an operation whose owner is gone, before the stack
 *    is freed, the locks that operation recorded are removed: their engine went with its
 *    instance. One whose engine still runs here is left: that engine outlived its
 *    server and removes its own lock when it ends. The lock's pid is looked up only when
 *    the instance that recorded it shares our PID namespace (instance-owner.ts); locks
 *    recorded before the writer was, by the host name alone. An engine that cannot be
 *    looked up from here (another host, another PID namespace) may outlive its instance
 *    and still be writing: its lock goes only once the stack's checkpoint has stayed
 *    the same for `quietMs` (a lease), and until then the operation stays claimed, its
 *    stack locked, and is tried again each round.
 *
 * Any other lock (an engineer's, or one an instance died too soon to record) blocks the
 * stack with stack_locked until its holder ends or someone runs `pulumi cancel`.
 */
export class EngineLockRecord {
  /** Per lock awaiting a quiet checkpoint: the version seen, and since when. */
  private readonly quiet = new Map<string, { version: string; since: number }>();

  constructor(private readonly options: EngineLockRecordOptions) {}

  /** Step 1: answers true once nothing is left to record for this engine run. */
  async recordHeld(stackName: string): Promise<boolean> {
    const { bucket, projectName, journal, operationEvents, log } = this.options;
    try {
      const keys = await s3LockKeys(bucket, projectName, stackName);
      if (keys.length !== 1) return false;
      const holder = await journal.lockHolder(stackName);
      if (!holder) return true;
      const event = await journal.appendEvent(holder.operationId, "log", {
        message: "the engine locked the stack in the state bucket",
        engineLock: keys[0],
        // Whose engine wrote it: only then does its pid name a process one can look up.
        writer: journal.instanceId,
      });
      operationEvents.publish(event);
    } catch (error) {
      // Unrecorded, a lock left by a crash blocks until `pulumi cancel`; the run goes on.
      log.warn({ err: error, stack: stackName }, "could not record the engine's lock");
    }
    return true;
  }

  /**
   * Step 2: removes the locks a claimed operation's engine left; answers false while one
   * waits for the checkpoint to stay quiet for `quietMs`. S3 errors throw.
   */
  async clearLeftBy(operation: Operation, quietMs: number): Promise<boolean> {
    const { bucket, journal } = this.options;
    const recorded = new Map<string, string | undefined>();
    for (const { type, data } of await journal.listEvents(operation.id)) {
      if (type === "log" && typeof data.engineLock === "string")
        recorded.set(data.engineLock, typeof data.writer === "string" ? data.writer : undefined);
    }
    let cleared = true;
    for (const [key, writer] of recorded) {
      const lock = await readS3Lock(bucket, key);
      if (!lock) continue;
      const holder = lockHolder(lock);
      const engine = localProcess(holder.host, holder.pid, writer);
      if (engine === undefined && !(await this.stayedQuiet(operation.stack, key, quietMs))) {
        cleared = false;
        continue;
      }
      const message =
        engine === "running"
          ? `recovery: the engine of the stopped server still runs here (pid ${holder.pid}); its lock ${key} goes when it ends`
          : `recovery: removed the engine lock ${key} that the stopped server left in the state bucket`;
      if (engine !== "running") await removeS3Lock(bucket, key);
      this.quiet.delete(key);
      await journal.appendEvent(operation.id, "log", { message, lock: key });
    }
    return cleared;
  }

  /** Whether the stack's checkpoint has not changed for `quietMs` since first looked at. */
  private async stayedQuiet(stackName: string, key: string, quietMs: number): Promise<boolean> {
    const { bucket, projectName } = this.options;
    const version = await checkpointVersion(bucket, projectName, stackName);
    const seen = this.quiet.get(key);
    if (seen?.version === version) return Date.now() - seen.since >= quietMs;
    this.quiet.set(key, { version, since: Date.now() });
    return false;
  }
}
