import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface GitRepo {
  dir: string;
  git(...args: string[]): string;
  /** Writes the files, commits them and returns the new commit's hash. */
  commit(files: Record<string, string>, message?: string): string;
  cleanup(): void;
}

/** A real git repository in a temporary directory, with an identity of its own. */
export function createGitRepo(): GitRepo {
  const dir = mkdtempSync(join(tmpdir(), "flightdeck-repo-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.name", "flightdeck tests");
  git("config", "user.email", "tests@flightdeck.invalid");
  git("config", "commit.gpgsign", "false");
  git("config", "tag.gpgsign", "false");
  return {
    dir,
    git,
    commit(files, message = "change") {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      git("add", "--all");
      git("commit", "--quiet", "-m", message);
      return git("rev-parse", "HEAD");
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
