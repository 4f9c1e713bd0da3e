import { setTimeout as sleep } from "node:timers/promises";
import type { ReleaseWorld } from "../tests/support/release-server";

/** Until no operation holds the stack: what followed the last one has ended too. */
export async function stackAtRest(world: ReleaseWorld, stack = "production"): Promise<void> {
  while (await world.server.app.journal.lockHolder(stack)) await sleep(20);
}
