import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { analyzeChanges } from "../../automation/pipeline/analyze-changes";
import { servicesForPaths } from "../../automation/pipeline/services-for-paths";
import { defaultPathMap as defaultMap } from "../../automation/config";
import { createNextReleaseTag, releaseTags } from "../../automation/git/release-tags";
import { createGitRepo, type GitRepo } from "../../sandbox-world/git-repo";

describe("mapping changed paths to services", () => {
  it("maps each service's folder to that service only", () => {
    assert.deepEqual(
      servicesForPaths(["services/web/index.html", "services/web/app.css"], defaultMap),
      ["web"],
    );
    assert.deepEqual(
      servicesForPaths(["services/mcp/src/server.ts", "services/api/src/app.ts"], defaultMap),
      ["api", "mcp"],
    );
  });

  it("maps infra, manifests and Pulumi settings to every service", () => {
    for (const path of [
      "infra/web/site.ts",
      "package-lock.json",
      "Pulumi.production.yaml",
      "Pulumi.yaml",
    ]) {
      assert.deepEqual(servicesForPaths([path], defaultMap), ["api", "web", "mcp"], path);
    }
  });

  it("ignores docs and other paths", () => {
    assert.deepEqual(
      servicesForPaths(
        ["README.md", "docs/rollback.md", "tests/x.test.ts", ".github/ci.yml"],
        defaultMap,
      ),
      [],
    );
  });
});

describe("change analysis and release tags on a real git repository", () => {
  let repo: GitRepo;
  let first: string;

  before(() => {
    repo = createGitRepo();
    first = repo.commit({
      "services/api/a.ts": "1",
      "services/web/index.html": "<html>",
      "README.md": "x",
    });
  });

  after(() => repo.cleanup());

  it("treats a stack's first deploy as affecting every service", async () => {
    const result = await analyzeChanges({
      repoDir: repo.dir,
      commit: first,
      pathMap: defaultMap,
      force: false,
    });
    assert.deepEqual(result.affected, ["api", "web", "mcp"]);
    assert.equal(result.reason, "first release");
  });

  it("affects only the services whose files changed since the base commit", async () => {
    const second = repo.commit({ "services/web/index.html": "<html lang=en>", "README.md": "y" });
    const result = await analyzeChanges({
      repoDir: repo.dir,
      baseCommit: first,
      commit: second,
      pathMap: defaultMap,
      force: false,
    });
    assert.deepEqual(result.changedFiles.sort(), ["README.md", "services/web/index.html"]);
    assert.deepEqual(result.affected, ["web"]);
  });

  it("affects nothing for a docs-only change, and everything when forced", async () => {
    const base = repo.git("rev-parse", "HEAD");
    const docs = repo.commit({ "docs/notes.md": "notes" });
    const plain = await analyzeChanges({
      repoDir: repo.dir,
      baseCommit: base,
      commit: docs,
      pathMap: defaultMap,
      force: false,
    });
    assert.deepEqual(plain.affected, []);
    const forced = await analyzeChanges({
      repoDir: repo.dir,
      baseCommit: base,
      commit: docs,
      pathMap: defaultMap,
      force: true,
    });
    assert.deepEqual(forced.affected, ["api", "web", "mcp"]);
  });

  it("release tags are the next plain integers, ignoring other tags", async () => {
    repo.git("tag", "v1.0.0");
    assert.deepEqual(await releaseTags(repo.dir), []);
    assert.equal(await createNextReleaseTag(repo.dir, first, "release"), 1);
    const head = repo.git("rev-parse", "HEAD");
    assert.equal(await createNextReleaseTag(repo.dir, head, "release"), 2);
    assert.deepEqual(await releaseTags(repo.dir), [1, 2]);
    assert.equal(repo.git("rev-list", "-n", "1", "2"), head);
  });

  it("two releases tagged at once get different numbers", async () => {
    const head = repo.git("rev-parse", "HEAD");
    const tags = await Promise.all(
      [1, 2, 3].map(() => createNextReleaseTag(repo.dir, head, "release")),
    );
    assert.deepEqual([...tags].sort(), [3, 4, 5]);
  });
});
