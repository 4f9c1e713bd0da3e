import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  invalidationLimits,
  invalidPathReason,
  normalizePaths,
  overLimit,
} from "../../automation/invalidation/invalidation-paths";

describe("invalidation paths by CloudFront's rules", () => {
  it("accepts rooted paths with at most a trailing wildcard", () => {
    for (const path of ["/", "/index.html", "/assets/*", "/img*", "/a%20b.png"]) {
      assert.equal(invalidPathReason(path), undefined, path);
    }
  });

  it("names what is wrong with a path", () => {
    const cases: Array<[string, RegExp]> = [
      ["index.html", /must start with \//],
      ["/assets/*/app.js", /wildcard only at its end/],
      ["/a b.png", /URL-encoded/],
      ["/search?q=1", /URL-encoded/],
      ["/café", /URL-encoded/],
      [`/${"a".repeat(invalidationLimits.pathLength)}`, /longer than 4000 characters/],
    ];
    for (const [path, reason] of cases) assert.match(invalidPathReason(path) ?? "", reason, path);
    assert.equal(invalidPathReason(`/${"a".repeat(invalidationLimits.pathLength - 1)}`), undefined);
  });

  it("drops repeats and paths a wildcard covers, reporting the broadest wildcard", () => {
    assert.deepEqual(
      normalizePaths(["/index.html", "/assets/app.js", "/assets/*", "/index.html", "/a*", "/x"]),
      {
        paths: ["/index.html", "/a*", "/x"],
        dropped: [
          { path: "/assets/app.js", coveredBy: "/a*" },
          { path: "/assets/*", coveredBy: "/a*" },
          { path: "/index.html", coveredBy: "/index.html" },
        ],
      },
    );
  });

  it("keeps within CloudFront's limits on files and wildcards in progress", () => {
    const files = (n: number) => Array.from({ length: n }, (_, i) => `/f${i}.html`);
    const wildcards = (n: number) => Array.from({ length: n }, (_, i) => `/w${i}/*`);
    assert.equal(overLimit([...files(3_000), ...wildcards(15)]), undefined);
    assert.match(overLimit(files(3_001)) ?? "", /3001 file paths; CloudFront allows 3000/);
    assert.match(overLimit(wildcards(16)) ?? "", /16 wildcard paths; CloudFront allows 15/);
  });
});
