import type { ServiceRelease } from "./release";
import type { ServiceName } from "./services";
import type { StackOutputs } from "./stack-outputs";

/** What one service runs now: a release's build, which a rollback may have moved back to. */
export interface LiveService extends ServiceRelease {
  /** The release whose build the service runs; a rollback's default target is the one before. */
  tag: number;
}

/**
 * What is live on a stack, kept by every release and rollback. The outputs are cached
 * with it so a rollback or an invalidation starts at once, without asking the engine.
 */
export interface LiveState {
  stack: string;
  services: Record<ServiceName, LiveService>;
  outputs: StackOutputs;
  updatedAt: string;
}
