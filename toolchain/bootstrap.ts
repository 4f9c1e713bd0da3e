/**
 * Makes the test toolchain available: the pulumi CLI matching @pulumi/pulumi, the
 * nodejs language host and the launcher for dynamic providers beside it, moto's server and schemathesis,
 * the Debian packages of what tests drive (tmux, chromium, postgresql) and, as root, the
 * account test PostgreSQL servers run as. Idempotent; everything is cached outside the
 * checkout, keyed by version.
 */
import { ensureDynamicProviderLauncher } from "./dynamic-provider-launcher";
import { ensureLanguageHost } from "./language-host";
import { cacheRoot, pinnedPythonVersion, pulumiBinDir, pulumiSdkVersion } from "./paths";
import { ensurePostgresAccount, postgresAccountName, postgresBinDir } from "./postgres";
import { ensurePythonTools } from "./python-tools";
import { ensureSystemTools, systemTools } from "./system-packages";
import { ensurePulumiCli } from "./pulumi-cli";

function timed<T>(work: () => T): [T, string] {
  const started = process.hrtime.bigint();
  const result = work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return [result, `${seconds.toFixed(1)} s`];
}

function main(): void {
  const started = process.hrtime.bigint();
  console.log(`toolchain: cache ${cacheRoot()}`);

  const pulumiVersion = pulumiSdkVersion();
  const [cli, cliTime] = timed(() => ensurePulumiCli(pulumiVersion));
  console.log(`toolchain: pulumi v${pulumiVersion} ${cli.origin} (${cliTime}): ${cli.path}`);

  const [host, hostTime] = timed(() => ensureLanguageHost(pulumiBinDir(pulumiVersion)));
  console.log(`toolchain: pulumi-language-nodejs ${host.origin} (${hostTime}): ${host.path}`);

  const wroteLauncher = ensureDynamicProviderLauncher(pulumiBinDir(pulumiVersion));
  console.log(`toolchain: dynamic provider launcher ${wroteLauncher ? "written" : "cached"}`);

  const [venv, venvTime] = timed(() => ensurePythonTools());
  const tools = ["moto", "schemathesis"].map((name) => `${name} ${pinnedPythonVersion(name)}`);
  console.log(`toolchain: ${tools.join(", ")} ${venv.origin} (${venvTime}): ${venv.path}`);

  const [system, systemTime] = timed(() => ensureSystemTools());
  const commands = systemTools.map((tool) => tool.command).join(", ");
  console.log(
    `toolchain: ${commands} ${system.installed.length ? `installed (${system.installed.join(" ")})` : "present"} (${systemTime})`,
  );

  const account = ensurePostgresAccount();
  const runsAs =
    process.getuid?.() === 0
      ? `as ${postgresAccountName} (${account.created ? "created" : "exists"})`
      : "as this user";
  console.log(`toolchain: postgresql in ${postgresBinDir()}, test servers run ${runsAs}`);

  const total = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`toolchain: ready in ${total.toFixed(1)} s`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
