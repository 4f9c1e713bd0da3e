import type { ServiceName } from "../domain/services";
import type { StackOutputs } from "../domain/stack-outputs";
import type { CurrentLive } from "../journal/current-live";
import type { ReleaseProgram } from "../operations/stack-operations";
import type { MoveContext } from "../traffic/journaled-move";
import type { DeployInput } from "./deploy-input";
import type { RolloutStrategy } from "../settings/rollout-strategy";
import type { RolloutPlan } from "./rollout-plan";

/** A deploy once `up` published its builds: what the steps after it share. */
export interface DeployRun {
  input: DeployInput;
  program: ReleaseProgram;
  commit: string;
  affected: ServiceName[];
  /** What users had before the deploy: where a failure goes back to. */
  live: CurrentLive | undefined;
  /** The program's outputs; the pointers are updated as traffic moves. */
  outputs: StackOutputs;
  /** Services whose traffic `up` held: the deploy moves them itself once they are checked. */
  held: ServiceName[];
  /** Services `up` rolled out itself (mcp, behind ECS's circuit breaker). */
  movedByUp: ServiceName[];
  /** How pointer moves of this deploy are journaled. */
  moves: MoveContext;
  /**
   * The affected services' alarms, watched from verification to the end of the bake;
   * none during an incident, when they fire for the builds being replaced.
   */
  alarms: string[];
  /** How users move to the new builds (rollout-plan.ts). */
  rollout: RolloutPlan;
}

/** Until traffic moves, only what `up` rolled out itself (mcp) has reached users. */
export function rolledOutByUp(run: DeployRun): ServiceName[] {
  return run.live ? run.movedByUp : [];
}

/** Held services an earlier rollout of this deploy has already moved users to. */
export function movedByRollouts(run: DeployRun): ServiceName[] {
  const { live, held, outputs } = run;
  return live
    ? held.filter((service) => outputs.pointers[service] !== live.services[service].pointer)
    : [];
}

/** A service's steps, when a rollout was asked for and `up` held it: users are on a release to share with. */
export function rolloutOf(run: DeployRun, service: ServiceName): RolloutStrategy | undefined {
  const strategy = run.rollout[service];
  return strategy && run.live && run.held.includes(service) ? strategy : undefined;
}
