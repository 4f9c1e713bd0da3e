import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { repoRoot } from "../toolchain/paths";
import { createGitRepo, type GitRepo } from "./git-repo";

/** The Pulumi project every release repository starts from. */
export const releaseProjectDir = join(repoRoot, "sandbox-world", "release-project");

/** Every file of the release project by its path inside it ("/"-separated), without node_modules. */
function releaseProjectFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") walk(path);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        // A link (the web's router, shared with infra/) goes into the repository as the file it names.
        files[relative(releaseProjectDir, path).split(sep).join("/")] = readFileSync(path, "utf8");
      }
    }
  };
  walk(releaseProjectDir);
  return files;
}

/**
 * A repository shaped like the product's: the release fixture's Pulumi project
 * (sandbox-world/release-project: its program under infra/, one folder per service,
 * docs) and the seed settings of each stack the server may release to. With `remote`,
 * every commit is also pushed to a bare repository (see createGitRepo).
 */
export function createReleaseRepo(
  stacks: string[],
  options: { remote?: boolean; dir?: string } = {},
): GitRepo {
  const repo = createGitRepo(options);
  const files = releaseProjectFiles();
  for (const stack of stacks) {
    files[`Pulumi.${stack}.yaml`] =
      `config:\n  flightdeck:stage: ${stack}\n  flightdeck:name: fd\n`;
  }
  repo.commit(files, "initial");
  return repo;
}
