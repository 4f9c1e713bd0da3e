import type { Stack } from "@pulumi/pulumi/automation";
import type { LiveService } from "../domain/live-state";
import { serviceKeys, type ServiceName } from "../domain/services";
import { changePlainConfig } from "../engine/plain-config";
import type { IntendedMove, MoveContext } from "./journaled-move";
import { moveApiPointer } from "./move-api-pointer";
import { moveMcpPointer } from "./move-mcp-pointer";
import { moveWebPointer } from "./move-web-pointer";
import { PartialMoveError } from "./partial-move-error";
import type { PointerMove } from "./pointer-move";

/** Where each service goes: a release's build, or what was live before a failed deploy. */
export interface PointerTargets {
  service(name: ServiceName): LiveService;
  /** The release a service moves away from, marked bad once it has (rollbacks only). */
  bad?(name: ServiceName): IntendedMove["bad"];
}

/**
 * Moves each service's pointer to its target: alias, task definition, web origin path,
 * each journaled before and after its AWS call. Never a rebuild. Stops at the first
 * failure and reports which moved, as a PartialMoveError with the caller's code: forward
 * and backward moves fail alike, and only the caller knows which it was.
 */
export async function movePointers(
  context: MoveContext,
  targets: PointerTargets,
  services: ServiceName[],
  idempotencyKey: string,
  failureCode: string,
): Promise<PointerMove[]> {
  const moves: PointerMove[] = [];
  for (const service of services) {
    const target = targets.service(service);
    const bad = targets.bad?.(service);
    try {
      if (service === "api") moves.push(await moveApiPointer(context, target, bad));
      if (service === "mcp") moves.push(await moveMcpPointer(context, target, bad));
      if (service === "web")
        moves.push(await moveWebPointer(context, target, `${idempotencyKey}-web`, bad));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new PartialMoveError(
        failureCode,
        moves,
        { service, message },
        services.slice(services.indexOf(service)),
      );
    }
  }
  return moves;
}

/**
 * Records the pins so the next `up` keeps the moved pointers instead of moving them
 * forward again. Written whatever else happens: a pin states what AWS now runs.
 */
export async function writePins(
  settings: Stack,
  pins: Partial<Record<ServiceName, string>>,
): Promise<void> {
  const entries = Object.entries(pins) as Array<[ServiceName, string]>;
  if (entries.length === 0) return;
  await changePlainConfig(settings, {
    set: Object.fromEntries(
      entries.map(([service, pointer]) => [serviceKeys[service].pinConfig, pointer]),
    ),
  });
}

/**
 * The pins for every service a rollback handled, moved or already there: each keeps
 * its target through the next `up`, whatever hash its config carries.
 */
export function pinsOf(moves: PointerMove[]): Partial<Record<ServiceName, string>> {
  return Object.fromEntries(moves.map((m) => [m.service, m.to]));
}
