import { execFile } from "node:child_process";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { briefly, failed, passed, type CheckResult } from "./check-result";
import type { ProgramPlugins, RequiredPlugin } from "./required-plugins";

interface InstalledPlugin {
  name: string;
  kind: string;
  version?: string;
}

/** What the engine will find: `pulumi plugin ls` under the engine's own PULUMI_HOME. */
function installedPlugins(
  command: PulumiCommand,
  engineEnv: Record<string, string>,
): Promise<InstalledPlugin[]> {
  return new Promise((resolve, reject) => {
    execFile(
      command.command,
      ["plugin", "ls", "--json"],
      { env: { ...process.env, ...engineEnv }, timeout: 30_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(stderr.trim() || error.message));
        else resolve((JSON.parse(stdout || "[]") as InstalledPlugin[] | null) ?? []);
      },
    );
  });
}

function parts(version: string): number[] {
  return version.split(/[.+-]/, 3).map((part) => Number.parseInt(part, 10) || 0);
}

/**
 * `pulumi plugin install` takes an installed newer version as good enough; a new major
 * version is another API, so it is not taken for an older one.
 */
function satisfies(installed: string, required: string): boolean {
  const [a = 0, b = 0, c = 0] = parts(installed);
  const [x = 0, y = 0, z = 0] = parts(required);
  return a === x && (b > y || (b === y && c >= z));
}

export async function checkProviderPlugins(input: {
  command: PulumiCommand | undefined;
  program: ProgramPlugins;
  engineEnv: Record<string, string>;
}): Promise<CheckResult> {
  const { command, program, engineEnv } = input;
  const unverified =
    program.unverified.length > 0
      ? `; not installed anywhere yet, checked once a deploy installs them: ${program.unverified.join(", ")}`
      : "";
  if (program.plugins.length === 0)
    return passed("provider-plugins", `${program.source} needs none${unverified}`);

  const name = (p: RequiredPlugin) => `${p.name} v${p.version}`;
  const home = engineEnv.PULUMI_HOME ? `PULUMI_HOME=${engineEnv.PULUMI_HOME} ` : "";
  const install = (plugins: RequiredPlugin[]) =>
    plugins
      .map((p) => `${home}pulumi plugin install resource ${p.name} v${p.version}`)
      .join(" && ");
  if (!command) {
    return failed(
      "provider-plugins",
      `${program.source} needs ${program.plugins.map(name).join(", ")}; without a pulumi CLI the installed ones cannot be listed`,
      `install the pulumi CLI (see pulumi-cli), then ${install(program.plugins)}`,
    );
  }
  let installed: InstalledPlugin[];
  try {
    installed = (await installedPlugins(command, engineEnv)).filter((p) => p.kind === "resource");
  } catch (error) {
    return failed(
      "provider-plugins",
      `pulumi plugin ls failed: ${briefly(error)}`,
      "run `pulumi plugin ls` with the engine's PULUMI_HOME and fix what it reports",
    );
  }
  const missing = program.plugins.filter(
    (plugin) =>
      !installed.some((p) => p.name === plugin.name && satisfies(p.version ?? "", plugin.version)),
  );
  if (missing.length > 0) {
    return failed(
      "provider-plugins",
      `${program.source} needs ${missing.map(name).join(", ")}, not installed${unverified}`,
      install(missing),
    );
  }
  return passed(
    "provider-plugins",
    `${program.plugins.map(name).join(", ")} installed${unverified}`,
  );
}
