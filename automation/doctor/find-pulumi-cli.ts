import { join } from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { pulumiBinDir, pulumiRoot, pulumiSdkVersion } from "../../toolchain/paths";
import { findOnPath } from "../../toolchain/pulumi-cli";
import { pathExists } from "../fs/path-exists";

export type CliOrigin = "given" | "PATH" | "toolchain cache";

export interface LocatedCli {
  command: PulumiCommand;
  /** The binary, to name it and to find the language host beside it. */
  path: string;
  origin: CliOrigin;
  /** What `pulumi version` reported, without the leading v; undefined when unparsable. */
  version?: string;
}

const located = (command: PulumiCommand, path: string, origin: CliOrigin): LocatedCli => ({
  command,
  path,
  origin,
  version: command.version?.toString(),
});

/**
 * The pulumi CLI the engine runs. A server given one (tests, embedders) keeps it; otherwise
 * it is looked for on PATH, then where `npm run bootstrap` builds it, and looked for again
 * at each check, so a CLI installed after start is picked up without a restart.
 */
export class PulumiCli {
  private current?: LocatedCli;

  constructor(private readonly given?: PulumiCommand) {}

  /** What operations run with: read at each use, as a later check may find another CLI. */
  get command(): PulumiCommand | undefined {
    return this.given ?? this.current?.command;
  }

  async locate(expected = pulumiSdkVersion()): Promise<LocatedCli | undefined> {
    if (this.given) return located(this.given, this.given.command, "given");
    let first: LocatedCli | undefined;
    for (const candidate of [fromPath, fromToolchainCache]) {
      const cli = await candidate();
      if (cli?.version === expected) return (this.current = cli);
      first ??= cli;
    }
    // A CLI of another version is kept for the report; the doctor refuses operations on it.
    return (this.current = first);
  }
}

/** skipVersionCheck: a CLI of the wrong version is still found, to be named with its version. */
async function fromPath(): Promise<LocatedCli | undefined> {
  const path = findOnPath("pulumi", pulumiBinDir());
  if (!path) return undefined;
  const command = await PulumiCommand.get({ skipVersionCheck: true }).catch(() => undefined);
  return command && located(command, path, "PATH");
}

async function fromToolchainCache(): Promise<LocatedCli | undefined> {
  const path = join(pulumiBinDir(), "pulumi");
  if (!(await pathExists(path))) return undefined;
  const command = await PulumiCommand.get({ root: pulumiRoot(), skipVersionCheck: true }).catch(
    () => undefined,
  );
  return command && located(command, path, "toolchain cache");
}
