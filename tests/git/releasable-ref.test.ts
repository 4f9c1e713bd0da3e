import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SourceRepo } from "../../automation/git/source-repo";
import { createGitRepo, type GitRepo } from "../../sandbox-world/git-repo";
import { statusOf } from "../support/http-status";

type Refusal = Error & { statusCode?: number; code?: string; details?: unknown };

/** Rejects with the status and code, its message naming the ref (and the setting, when a 403). */
async function refused(resolving: Promise<unknown>, status: number, code: string, ref: string) {
  await assert.rejects(resolving, (error: Refusal) => {
    assert.equal(statusOf(error), status, error.message);
    assert.equal(error.code, code);
    assert.ok(error.message.includes(`"${ref}"`), error.message);
    if (status === 403) assert.match(error.message, /FLIGHTDECK_RELEASE_REFS/);
    return true;
  });
}

describe("what may be released: FLIGHTDECK_RELEASE_REFS", () => {
  let repo: GitRepo;
  let onMain: string[];
  let onFeature: string;
  const local = (releaseRefs?: string[]) =>
    new SourceRepo({ repoDir: repo.dir, cloneDir: "", branch: "main", releaseRefs });

  before(() => {
    repo = createGitRepo();
    onMain = [repo.commit({ "a.txt": "1\n" }, "one"), repo.commit({ "a.txt": "2\n" }, "two")];
    repo.git("tag", "-a", "1", onMain[0]!, "-m", "release 1");
    repo.git("tag", "-a", "2", onMain[1]!, "-m", "release 2");
    repo.git("checkout", "--quiet", "-b", "feature");
    onFeature = repo.commit({ "a.txt": "feature\n" }, "feature");
    repo.git("checkout", "--quiet", "main");
  });

  after(() => repo.cleanup());

  it("releases the release branch's tip, release tags and commits the branch reaches", async () => {
    const source = local();
    assert.deepEqual(await source.resolve(), { ref: "main", commit: onMain[1] });
    assert.deepEqual(await source.resolveRelease("1"), {
      ref: "1",
      commit: onMain[0],
      fullRef: "refs/tags/1",
    });
    assert.equal((await source.resolve("refs/heads/main")).commit, onMain[1]);
    assert.equal((await source.resolve(onMain[0])).commit, onMain[0]);
    assert.equal((await source.resolve(onMain[0]!.slice(0, 10))).commit, onMain[0]);
  });

  it("refuses another branch, and a commit only it reaches, with 403 ref_not_releasable", async () => {
    const source = local();
    await refused(source.resolve("feature"), 403, "ref_not_releasable", "feature");
    await refused(
      source.resolve("refs/heads/feature"),
      403,
      "ref_not_releasable",
      "refs/heads/feature",
    );
    await refused(source.resolve(onFeature), 403, "ref_not_releasable", onFeature);
    await refused(
      source.resolve(onFeature.slice(0, 12)),
      403,
      "ref_not_releasable",
      onFeature.slice(0, 12),
    );
    // A lightweight tag on it is no release tag's pattern either.
    repo.git("tag", "v-feature", onFeature);
    await refused(source.resolve("v-feature"), 403, "ref_not_releasable", "v-feature");
    // Once a pattern allows the branch, both are releasable.
    const wider = local(["refs/heads/main", "refs/heads/feat*"]);
    assert.equal((await wider.resolve("feature")).commit, onFeature);
    assert.equal((await wider.resolve(onFeature)).commit, onFeature);
  });

  it("never releases git's own refs, whatever the patterns say", async () => {
    repo.git("update-ref", "refs/remotes/origin/main", onMain[1]!);
    repo.git("fetch", "--quiet", repo.dir, "main");
    writeFileSync(join(repo.dir, "a.txt"), "stashed\n");
    repo.git("stash", "--quiet");
    repo.git("update-ref", "ORIG_HEAD", onMain[1]!);
    const everything = local(["refs/heads/**", "refs/tags/**"]);
    for (const ref of [
      "refs/remotes/origin/main",
      "remotes/origin/main",
      "stash",
      "refs/stash",
      "FETCH_HEAD",
      "ORIG_HEAD",
      "HEAD",
    ])
      await refused(everything.resolve(ref), 403, "ref_not_releasable", ref);
    // Short names are never guessed through git's other namespaces.
    await refused(everything.resolve("origin/main"), 404, "unknown_ref", "origin/main");
  });

  it("a branch named like a commit id never shadows that commit", async () => {
    // Named as main's first commit, pointing at the feature: the id still means the commit.
    repo.git("update-ref", `refs/heads/${onMain[0]}`, onFeature);
    const everyBranch = local(["refs/heads/*"]);
    assert.equal((await everyBranch.resolve(onMain[0])).commit, onMain[0]);
    // Named as the feature's commit, pointing at main: still the feature's commit, refused.
    repo.git("update-ref", `refs/heads/${onFeature}`, onMain[1]!);
    await refused(local().resolve(onFeature), 403, "ref_not_releasable", onFeature);
    // By its full name, the branch is the branch.
    assert.equal((await everyBranch.resolve(`refs/heads/${onFeature}`)).commit, onMain[1]);
  });

  it("refuses a short name that is both a branch and a tag, or a branch and a commit", async () => {
    // update-ref, not `git branch`: its start point would take the 40-hex branch made above.
    repo.git("update-ref", "refs/heads/twin", onMain[0]!);
    repo.git("tag", "twin", onMain[1]!);
    const source = local(["refs/heads/*", "refs/tags/*"]);
    await refused(source.resolve("twin"), 400, "ambiguous_ref", "twin");
    assert.equal((await source.resolve("refs/tags/twin")).commit, onMain[1]);
    assert.equal((await source.resolve("refs/heads/twin")).commit, onMain[0]);
    const prefix = onMain[0]!.slice(0, 8);
    repo.git("update-ref", `refs/heads/${prefix}`, onMain[1]!);
    await refused(source.resolve(prefix), 400, "ambiguous_ref", prefix);
  });
});

describe("what may be released, from a remote", () => {
  let upstream: GitRepo;
  let dataDir: string;

  before(() => {
    upstream = createGitRepo({ remote: true });
    upstream.commit({ "a.txt": "1\n" }, "one");
    dataDir = mkdtempSync(join(tmpdir(), "flightdeck-refs-"));
  });

  after(() => {
    upstream.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("judges a commit by the refs fetched just before: pushed to main, it becomes releasable", async () => {
    const source = new SourceRepo({
      repoDir: join(dataDir, "unused"),
      repoUrl: upstream.remote!.dir,
      cloneDir: join(dataDir, "repository.git"),
      branch: "main",
      releaseRefs: ["refs/heads/main", "refs/tags/release-*"],
    });
    await source.prepare();
    upstream.git("checkout", "--quiet", "-b", "topic");
    const topic = upstream.commit({ "a.txt": "topic\n" }, "topic");
    upstream.git("push", "--quiet", "origin", "topic");
    await refused(source.resolve(topic), 403, "ref_not_releasable", topic);
    upstream.git("tag", "release-9", topic);
    upstream.git("push", "--quiet", "origin", "release-9");
    assert.equal((await source.resolve("release-9")).commit, topic);
    assert.equal((await source.resolve(topic)).commit, topic, "a release tag reaches it now");
    upstream.git("push", "--quiet", "origin", "topic:main");
    assert.equal((await source.resolve()).commit, topic);
  });
});
