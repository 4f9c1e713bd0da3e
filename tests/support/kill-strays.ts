import { readdirSync, readFileSync } from "node:fs";

/**
 * Pids of the machine's other processes whose `/proc/<pid>/<file>` (NUL-separated
 * entries: the environment, or the command line) has an entry `matches` accepts. Linux
 * only, as /proc is.
 */
export function processesWhere(
  file: "environ" | "cmdline",
  matches: (entry: string) => boolean,
): number[] {
  const found: number[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/${file}`, "utf8").split("\0").some(matches)) {
        found.push(Number(pid));
      }
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * Kills processes whose environment holds `marker` (e.g. this test's emulator endpoint).
 * Plugins run in process groups of their own and outlive an engine killed with its
 * server, so a crash test cleans them up this way.
 */
export function killStrays(marker: string): number {
  const strays = processesWhere("environ", (entry) => entry === marker);
  for (const pid of strays) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Gone meanwhile.
    }
  }
  return strays.length;
}
