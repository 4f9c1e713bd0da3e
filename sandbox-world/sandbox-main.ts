/**
 * `npm run sandbox`: the whole release world on an emulated AWS, for trying flightdeck
 * without an AWS account. Not to be confused with automation/sandbox/, the bubblewrap
 * confinement released code runs in (here as everywhere).
 */
import { rmSync } from "node:fs";
import { closeGracefully } from "../automation/shutdown";
import { ensureToolchain } from "./ensure-toolchain";
import { forgetRealWorldSettings } from "./real-world-settings";
import { parseSandboxOptions, sandboxUsage, type SandboxOptions } from "./sandbox-options";
import { startSandboxWorld } from "./sandbox-world";
import { welcome } from "./welcome";

const say = (line: string) => console.log(`sandbox: ${line}`);

function options(): SandboxOptions {
  if (process.argv.includes("--help")) {
    console.log(sandboxUsage);
    process.exit(0);
  }
  try {
    return parseSandboxOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${sandboxUsage}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const chosen = options();
  forgetRealWorldSettings(process.env);
  if (chosen.reset) {
    rmSync(chosen.dir, { recursive: true, force: true });
    say(`reset: removed ${chosen.dir}, starting over`);
  }
  ensureToolchain(say);
  say("starting the emulated AWS, the service runtime and the server…");
  const world = await startSandboxWorld(chosen, say);
  // Ctrl-C: the server lets a running operation end (or cancels it), then the emulator stops.
  process.once("exit", () => say("stopped"));
  closeGracefully(world.server.app, world.server.app.config.shutdownGraceMs);
  console.log(welcome(world));
}

main().catch((error: unknown) => {
  console.error(`sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
