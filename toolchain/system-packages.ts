import { postgresBinDir } from "./postgres";
import { run, runOrThrow } from "./run";

/** A program the tests run, and the Debian package that provides it. */
export interface SystemTool {
  command: string;
  debianPackage: string;
  /** Whether it is installed, when that is not `command` on PATH. */
  present?: () => boolean;
}

/**
 * What the tests drive besides the cached toolchain: a terminal for the CLI, a browser,
 * the PostgreSQL server of the journal's second implementation.
 */
export const systemTools: SystemTool[] = [
  { command: "tmux", debianPackage: "tmux" },
  // The sandbox released code runs in (automation/sandbox/).
  { command: "bwrap", debianPackage: "bubblewrap" },
  { command: "chromium", debianPackage: "chromium" },
  // Debian keeps the server's programs off PATH: look where its packages put them.
  {
    command: "postgres",
    debianPackage: "postgresql",
    present: () => postgresBinDir() !== undefined,
  },
];

const onPath = (command: string) => run("sh", ["-c", `command -v ${command}`]).status === 0;
const isInstalled = (tool: SystemTool) => (tool.present ? tool.present() : onPath(tool.command));

/**
 * Installs the Debian packages of the tools missing (CI starts from a fresh machine).
 * Needs root and apt; anywhere else, says which packages to install by hand.
 */
export function ensureSystemTools(tools = systemTools): { installed: string[] } {
  const missing = tools.filter((tool) => !isInstalled(tool));
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
