import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface GitRepo {
  dir: string;
  git(...args: string[]): string;
  /** Writes the files, commits them (pushing to the remote, if any) and returns the new commit's hash. */
  commit(files: Record<string, string>, message?: string): string;
  /** The bare repository this one pushes to, when made with a remote. */
  remote?: { dir: string; git(...args: string[]): string };
  cleanup(): void;
}

const gitIn =
  (dir: string) =>
  (...args: string[]) =>
    execFileSync("git", args, { cwd: dir, encoding: "utf8" }).trim();

/**
 * A real git repository in `dir` (a new temporary directory by default), with an
 * identity of its own, so commits work on a machine that has none; with `remote`, also a
 * bare repository beside it that every commit is pushed to, as a developer pushes to the
 * repository a release server clones.
 */
export function createGitRepo(options: { remote?: boolean; dir?: string } = {}): GitRepo {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "flightdeck-repo-"));
  mkdirSync(dir, { recursive: true });
  const git = gitIn(dir);
  git("init", "--quiet", "--initial-branch=main");
  git("config", "user.name", "flightdeck");
  git("config", "user.email", "flightdeck@flightdeck.invalid");
  git("config", "commit.gpgsign", "false");
  git("config", "tag.gpgsign", "false");
  const remoteDir = `${dir}.remote.git`;
  if (options.remote) {
    execFileSync("git", ["init", "--quiet", "--bare", "--initial-branch=main", remoteDir]);
    git("remote", "add", "origin", remoteDir);
  }
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
      if (options.remote) git("push", "--quiet", "origin", "main");
      return git("rev-parse", "HEAD");
    },
    ...(options.remote ? { remote: { dir: remoteDir, git: gitIn(remoteDir) } } : {}),
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(remoteDir, { recursive: true, force: true });
    },
  };
}
