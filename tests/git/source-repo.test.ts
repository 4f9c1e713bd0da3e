import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SourceRepo } from "../../automation/git/source-repo";
import { preflight } from "../../automation/pipeline/preflight";
import { addWorktree, clearWorktrees } from "../../automation/git/worktree";
import { createGitRepo, type GitRepo } from "../../sandbox-world/git-repo";
import { statusOf } from "../support/http-status";

describe("the repository releases come from", () => {
  let upstream: GitRepo;
  let remoteDir: string;
  let dataDir: string;
  let source: SourceRepo;
  let first: string;

  before(async () => {
    upstream = createGitRepo();
    first = upstream.commit(
      { "Pulumi.yaml": "name: flightdeck\n", "Pulumi.production.yaml": "config: {}\n" },
      "first",
    );
    dataDir = mkdtempSync(join(tmpdir(), "flightdeck-source-"));
    remoteDir = join(dataDir, "remote.git");
    execFileSync("git", ["clone", "--bare", "--quiet", upstream.dir, remoteDir]);
    upstream.git("remote", "add", "origin", remoteDir);
    source = new SourceRepo({
      repoDir: join(dataDir, "unused"),
      repoUrl: remoteDir,
      cloneDir: join(dataDir, "repository.git"),
      branch: "main",
    });
    await source.prepare();
  });

  after(() => {
    upstream.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("resolves the branch tip after fetching what was pushed since the clone", async () => {
    assert.deepEqual(await source.resolve(), { ref: "main", commit: first });
    const second = upstream.commit({ "services/api/a.ts": "export const a = 2;\n" }, "second");
    upstream.git("push", "--quiet", "origin", "main");
    assert.deepEqual(await source.resolve(), { ref: "main", commit: second });
  });

  it("resolves a full or short sha and a tag; an unknown ref is a 404 naming it", async () => {
    assert.equal((await source.resolve(first)).commit, first);
    assert.equal((await source.resolve(first.slice(0, 8))).commit, first);
    upstream.git("tag", "-a", "7", first, "-m", "release 7");
    upstream.git("push", "--quiet", "origin", "7");
    assert.equal((await source.resolve("7")).commit, first, "an annotated tag names its commit");
    await assert.rejects(
      source.resolve("no-such-branch"),
      (error: Error & { statusCode?: number; code?: string }) => {
        assert.equal(statusOf(error), 404);
        assert.equal(error.code, "unknown_ref");
        assert.match(error.message, /"no-such-branch"/);
        return true;
      },
    );
  });

  it("concurrent resolves share fetches and all see the newest push", async () => {
    const third = upstream.commit({ "services/web/i.html": "<html></html>\n" }, "third");
    upstream.git("push", "--quiet", "origin", "main");
    const all = await Promise.all(Array.from({ length: 8 }, () => source.resolve()));
    assert.deepEqual(new Set(all.map((r) => r.commit)), new Set([third]));
  });

  it("pushes a release tag to the remote", async () => {
    execFileSync("git", ["tag", "-a", "8", first, "-m", "release 8"], { cwd: source.gitDir });
    assert.deepEqual(await source.pushTag(8), { pushed: true });
    const tagged = execFileSync("git", ["rev-list", "-n", "1", "8"], {
      cwd: remoteDir,
      encoding: "utf8",
    });
    assert.equal(tagged.trim(), first);
  });

  it("reports a failed push without throwing, with the remote's URL kept out of the message", async () => {
    execFileSync("git", ["remote", "set-url", "origin", join(dataDir, "gone.git")], {
      cwd: source.gitDir,
    });
    try {
      const gone = new SourceRepo({ ...source.options, repoUrl: join(dataDir, "gone.git") });
      const result = await gone.pushTag(8);
      assert.equal(result.pushed, false);
      assert.ok(result.error);
      assert.doesNotMatch(result.error, /gone\.git/);
    } finally {
      execFileSync("git", ["remote", "set-url", "origin", remoteDir], { cwd: source.gitDir });
    }
  });

  it("preflight requires the commit to be a Pulumi project and says whether it commits the stack's settings", async () => {
    const { commit } = await source.resolve();
    assert.deepEqual(await preflight(source, "production", { ref: "main", commit }), {
      ref: "main",
      commit,
      stackSettings: true,
    });
    assert.equal(
      (await preflight(source, "staging", { ref: "main", commit })).stackSettings,
      false,
    );
    upstream.git("rm", "--quiet", "Pulumi.yaml");
    upstream.git("commit", "--quiet", "-m", "not a project");
    upstream.git("push", "--quiet", "origin", "main");
    const notAProject = await source.resolve();
    await assert.rejects(
      preflight(source, "production", notAProject),
      (error: Error & { code?: string }) => error.code === "not_a_pulumi_project",
    );
    upstream.git("revert", "--no-edit", "HEAD");
    upstream.git("push", "--quiet", "origin", "main");
  });

  it("a worktree holds exactly the commit; clearing removes leftovers of a crash", async () => {
    const root = join(dataDir, "worktrees");
    const tree = await addWorktree(source.gitDir, root, "op-1", first);
    assert.equal(readFileSync(join(tree.dir, "Pulumi.yaml"), "utf8"), "name: flightdeck\n");
    assert.equal(existsSync(join(tree.dir, "services")), false, "later commits are not there");
    // A crash leaves the worktree behind; the next start clears it and git forgets it.
    writeFileSync(join(tree.dir, "stray"), "left by a crash");
    // A server still running on this host keeps its own folder of worktrees.
    const running = join(root, `${hostname()}:${process.pid}:live`);
    mkdirSync(running);
    await clearWorktrees(source.gitDir, root);
    assert.deepEqual(readdirSync(root), [basename(running)]);
    const listed = execFileSync("git", ["worktree", "list", "--porcelain"], {
      cwd: source.gitDir,
      encoding: "utf8",
    });
    assert.doesNotMatch(listed, /op-1/);
    const again = await addWorktree(source.gitDir, root, "op-1", first);
    assert.deepEqual(readdirSync(again.dir).sort(), [
      ".git",
      "Pulumi.production.yaml",
      "Pulumi.yaml",
    ]);
    await again.remove();
    assert.equal(existsSync(again.dir), false);
  });
});
