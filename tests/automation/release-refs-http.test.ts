import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createGitRepo, type GitRepo } from "../../sandbox-world/git-repo";
import { startServer, type ServerFixture } from "../support/server-fixture";

interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

type Responses = Record<string, { description?: string }>;

describe("refs refused over HTTP, and the document that says why", () => {
  let repo: GitRepo;
  let server: ServerFixture;

  before(async () => {
    repo = createGitRepo();
    repo.commit({ "Pulumi.yaml": "name: flightdeck\n", "Pulumi.production.yaml": "config: {}\n" });
    repo.git("checkout", "--quiet", "-b", "feature");
    repo.commit({ "a.txt": "feature\n" }, "feature");
    repo.git("checkout", "--quiet", "main");
    server = await startServer({
      FLIGHTDECK_REPO_DIR: repo.dir,
      FLIGHTDECK_RELEASE_REFS: "main, tags/release-*",
    });
  });

  after(async () => {
    await server.close();
    repo.cleanup();
  });

  it("refuses a ref the setting does not allow with 403, before prerequisites or any operation", async () => {
    for (const kind of ["deploy", "preview"]) {
      const response = await server.app.inject({
        method: "POST",
        url: `/stacks/production/${kind}`,
        headers: server.auth("deployer"),
        payload: { ref: "feature" },
      });
      assert.equal(response.statusCode, 403, response.body);
      const { error } = response.json<ErrorBody>();
      assert.equal(error.code, "ref_not_releasable");
      assert.equal(
        error.message,
        'ref "feature" (refs/heads/feature) is not releasable: FLIGHTDECK_RELEASE_REFS allows refs/heads/main, refs/tags/release-*',
      );
      assert.deepEqual(error.details, {
        ref: "feature",
        fullRef: "refs/heads/feature",
        allowed: ["refs/heads/main", "refs/tags/release-*"],
      });
      assert.equal(response.headers["www-authenticate"], undefined, "no scope would help");
    }
    const journaled = await server.app.journal.listOperations({ stack: "production", limit: 10 });
    assert.deepEqual(journaled.items, [], "nothing was journaled");
  });

  it("refuses a short name that is both a branch and a tag with 400 ambiguous_ref", async () => {
    repo.git("tag", "release-1");
    repo.git("branch", "release-1");
    const response = await server.app.inject({
      method: "POST",
      url: "/stacks/production/deploy",
      headers: server.auth("deployer"),
      payload: { ref: "release-1" },
    });
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(response.json<ErrorBody>().error.code, "ambiguous_ref");
    assert.match(response.json<ErrorBody>().error.message, /refs\/tags\/release-1/);
  });

  it("documents ref_not_releasable on deploy and preview, rollback_scope_required on deploy", async () => {
    const document = (await server.app.inject({ url: "/docs/json" })).json<{
      paths: Record<string, { post: { responses: Responses } }>;
    }>();
    const deploy = document.paths["/stacks/{stack}/deploy"]!.post.responses;
    const preview = document.paths["/stacks/{stack}/preview"]!.post.responses;
    for (const responses of [deploy, preview]) {
      assert.match(responses["403"]?.description ?? "", /`ref_not_releasable`/);
      assert.match(responses["403"]?.description ?? "", /the token lacks the scope/);
      assert.match(responses["400"]?.description ?? "", /`ambiguous_ref`/);
    }
    assert.match(deploy["403"]?.description ?? "", /`rollback_scope_required`/);
    assert.doesNotMatch(preview["403"]?.description ?? "", /rollback_scope_required/);
  });
});
