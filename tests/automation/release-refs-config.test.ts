import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadConfig } from "../../automation/config";
import { releaseRefMatcher } from "../../automation/git/release-ref-patterns";

const releaseRefs = (value: string, branch?: string) =>
  loadConfig({
    FLIGHTDECK_RELEASE_REFS: value,
    ...(branch ? { FLIGHTDECK_BRANCH: branch } : {}),
  }).releaseRefs;

describe("FLIGHTDECK_RELEASE_REFS", () => {
  it("defaults to the release branch and the release tags, which are plain integers", () => {
    assert.deepEqual(releaseRefs("", "release/2026"), [
      "refs/heads/release/2026",
      "refs/tags/[1-9]*([0-9])",
    ]);
    const allowed = releaseRefMatcher(releaseRefs(""));
    assert.equal(allowed("refs/heads/main"), true);
    assert.equal(allowed("refs/tags/1"), true);
    assert.equal(allowed("refs/tags/170"), true);
    for (const refused of ["refs/tags/017", "refs/tags/17a", "refs/tags/v1", "refs/heads/dev"])
      assert.equal(allowed(refused), false, refused);
  });

  it("makes short names full refs: a bare name is a branch, heads/ and tags/ say which", () => {
    assert.deepEqual(releaseRefs(" main , heads/hotfix/* ,tags/release-*, refs/tags/v*, main,"), [
      "refs/heads/main",
      "refs/heads/hotfix/*",
      "refs/tags/release-*",
      "refs/tags/v*",
    ]);
    const allowed = releaseRefMatcher(releaseRefs("refs/heads/hotfix/**, refs/tags/release-*"));
    assert.equal(allowed("refs/heads/hotfix/a/b"), true);
    assert.equal(allowed("refs/tags/release-7"), true);
    assert.equal(allowed("refs/heads/release-7"), false, "a tag pattern never allows a branch");
  });

  it("refuses git's own refs and anything outside branches and tags, naming the variable", () => {
    const neverReleasable = /^Error: FLIGHTDECK_RELEASE_REFS: entry 2 ".+" is never releasable/;
    for (const entry of [
      "refs/remotes/origin/*",
      "remotes/origin/main",
      "refs/stash",
      "stash",
      "FETCH_HEAD",
      "HEAD",
      "ORIG_HEAD",
      "refs/**",
      "refs/notes/*",
      "refs/heads/",
    ])
      assert.throws(() => releaseRefs(`main,${entry}`), neverReleasable, entry);
    // Even a pattern that would match them through a glob cannot allow them.
    assert.equal(releaseRefMatcher(["**"])("refs/remotes/origin/main"), false);
    assert.equal(releaseRefMatcher(["refs/*/main"])("refs/remotes/main"), false);
  });

  it("refuses what is not a ref pattern, and a list with no pattern at all", () => {
    for (const entry of ["main branch", "a..b", "refs//heads", "main@{1}", "main~1", "x:y"])
      assert.throws(
        () => releaseRefs(entry),
        /^Error: FLIGHTDECK_RELEASE_REFS: entry 1 ".+" is not a ref pattern/,
        entry,
      );
    assert.throws(
      () => releaseRefs(" , ,"),
      /^Error: FLIGHTDECK_RELEASE_REFS must list ref patterns separated by commas/,
    );
  });
});
