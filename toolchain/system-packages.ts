import { run, runOrThrow } from "./run";

/** A program the tests run, and the Debian package that provides it. */
export interface SystemTool {
  command: string;
  debianPackage: string;
}

/** What the tests drive besides the cached toolchain: a terminal for the CLI, a browser. */
export const systemTools: SystemTool[] = [
  { command: "tmux", debianPackage: "tmux" },
  { command: "chromium", debianPackage: "chromium" },
];

const onPath = (command: string) => run("sh", ["-c", `command -v ${command}`]).status === 0;

/**
 * Installs the Debian packages of the tools not on PATH (CI starts from a fresh machine).
 * Needs root and apt; anywhere else, says which packages to install by hand.
 */
export function ensureSystemTools(tools = systemTools): { installed: string[] } {
  const missing = tools.filter((tool) => !onPath(tool.command));
  if (missing.length === 0) return { installed: [] };
  const packages = missing.map((tool) => tool.debianPackage);
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !onPath("apt-get")) {
    throw new Error(
      `toolchain: ${missing.map((t) => t.command).join(", ")} missing; install the Debian packages ${packages.join(" ")} (apt-get install ${packages.join(" ")})`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  runOrThrow("apt-get", ["update", "-q"], { env });
  runOrThrow("apt-get", ["install", "-y", "-q", "--no-install-recommends", ...packages], { env });
  return { installed: packages };
}
