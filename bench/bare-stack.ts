import type { Stack } from "@pulumi/pulumi/automation";
import { releaseFixtureProgram } from "../sandbox-world/release-project/infra/program";
import { createInlineStack } from "../tests/support/pulumi-engine";
import type { ReleaseWorld } from "../tests/support/release-server";
import { tiny } from "./size";

/** A fake git hash per number, for configs that need one. */
export const benchHash = (i: number) => i.toString(16).padStart(40, "0");

/**
 * The fixture program on a stack of its own, driven by the bare Automation API: the
 * test engine with its own passphrase, against the world's emulator. Configured with
 * hash 1 for every service. A tiny run gives every benchmark the same stack, so only
 * the first creates its resources; the others' first `up` just updates them.
 */
export async function bareStack(world: ReleaseWorld, name: string): Promise<Stack> {
  Object.assign(world.engine.envVars, world.aws.engineEnv);
  const stackName = tiny ? "bare" : name;
  const stack = await createInlineStack(
    world.engine,
    "flightdeck",
    stackName,
    releaseFixtureProgram({ runtimeUrl: world.aws.runtime.url }),
  );
  await stack.setAllConfig({
    "flightdeck:stage": { value: stackName },
    "flightdeck:apiGitHash": { value: benchHash(1) },
    "flightdeck:webGitHash": { value: benchHash(1) },
    "flightdeck:mcpGitHash": { value: benchHash(1) },
  });
  return stack;
}
