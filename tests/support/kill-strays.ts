import { readdirSync, readFileSync } from "node:fs";

/**
 * Kills processes whose environment holds `marker` (e.g. this test's emulator endpoint).
 * Plugins run in process groups of their own and outlive an engine killed with its
 * server, so a crash test cleans them up this way. Linux only, as /proc is.
 */
export function killStrays(marker: string): number {
  let killed = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(marker)) {
        process.kill(Number(pid), "SIGKILL");
        killed++;
      }
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return killed;
}
