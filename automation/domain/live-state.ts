import type { ServiceRelease } from "./release";
import type { ServiceName } from "./services";
import type { StackOutputs } from "./stack-outputs";

/** What one service runs now: a release's build, which a rollback may have moved back to. */
export interface LiveService extends ServiceRelease {
  /**
   * The release whose build the service runs; a rollback's default target is the one
   * before. For a build that is no release (`unreleased`), the release it replaced.
   */
  tag: number;
  /**
   * Set when the build is no release's: the operation whose `up` published it and
   * which never released it (a crash before its release), or "unknown" for a pointer
   * found in AWS that no operation of this server set.
   */
  unreleased?: string;
  /** api: extra versions alias `live` sends traffic to (a canary's weight). */
  weights?: Record<string, number>;
}

/** One service whose pointer in AWS was not the one the journal recorded. */
export interface Drift {
  service: ServiceName;
  journal: string;
  aws: string;
  /** api: extra alias weights found, if any. */
  weights?: Record<string, number>;
}

/** The last time live state was read back from AWS: by a reconcile or a recovery. */
export interface LiveCheck {
  at: string;
  operationId: string;
  /** Whether the journal already agreed with AWS; drift found was corrected. */
  agreed: boolean;
  drift: Drift[];
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
  lastCheck?: LiveCheck;
}
