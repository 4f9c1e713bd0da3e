import { delimiter, dirname, join } from "node:path";
import { pulumiBinDir, pulumiSdkVersion } from "../../toolchain/paths";
import { pathExists } from "../fs/path-exists";
import { failed, passed, type CheckResult } from "./check-result";
import type { PulumiCli } from "./find-pulumi-cli";

const languageHost = "pulumi-language-nodejs";

/** The engine starts the nodejs language host from beside the CLI or from PATH. */
async function hasLanguageHost(cliPath: string, enginePath: string): Promise<boolean> {
  const dirs = [dirname(cliPath), ...enginePath.split(delimiter).filter(Boolean)];
  for (const dir of dirs) if (await pathExists(join(dir, languageHost))) return true;
  return false;
}

/**
 * The CLI must report exactly the version of the installed @pulumi/pulumi: the Automation
 * API decides from that version which flags it may pass.
 */
export async function checkPulumiCli(
  cli: PulumiCli,
  engineEnv: Record<string, string>,
  expected = pulumiSdkVersion(),
): Promise<CheckResult> {
  const fix = `npm run bootstrap (builds pulumi v${expected} with its language host into ${pulumiBinDir(expected)}), or install pulumi v${expected} on PATH`;
  const found = await cli.locate(expected);
  if (!found) {
    return failed(
      "pulumi-cli",
      `no pulumi CLI on PATH or in the toolchain cache (${pulumiBinDir(expected)})`,
      fix,
    );
  }
  if (found.version !== expected) {
    return failed(
      "pulumi-cli",
      `pulumi at ${found.path} (${found.origin}) reports ${found.version ? `v${found.version}` : "no version"}; @pulumi/pulumi is ${expected}`,
      fix,
    );
  }
  if (!(await hasLanguageHost(found.path, engineEnv.PATH ?? process.env.PATH ?? ""))) {
    return failed(
      "pulumi-cli",
      `pulumi v${expected} at ${found.path} has no ${languageHost} beside it or on PATH, so it cannot run programs`,
      fix,
    );
  }
  return passed("pulumi-cli", `pulumi v${expected} at ${found.path} (${found.origin})`);
}
