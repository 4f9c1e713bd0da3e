import { freeLoopbackPort, loopbackPortIsFree } from "./free-port";
import type { SandboxOptions, SandboxPorts } from "./sandbox-options";

const flags: Record<keyof SandboxPorts, string> = {
  server: "--port",
  aws: "--aws-port",
  runtime: "--runtime-port",
};

/**
 * The ports to listen on: each default when it is free, else a free one (said, with the
 * flag that fixes it); a port given on the command line must be free.
 */
export async function choosePorts(
  options: SandboxOptions,
  say: (line: string) => void,
): Promise<SandboxPorts> {
  const chosen = { ...options.ports };
  for (const name of Object.keys(chosen) as Array<keyof SandboxPorts>) {
    const wanted = chosen[name];
    if (await loopbackPortIsFree(wanted)) continue;
    if (options.explicitPorts.has(name))
      throw new Error(`port ${wanted} (${flags[name]}) is taken: choose another`);
    chosen[name] = await freeLoopbackPort();
    say(`port ${wanted} is taken: using ${chosen[name]} instead (${flags[name]} N to choose)`);
  }
  return chosen;
}
