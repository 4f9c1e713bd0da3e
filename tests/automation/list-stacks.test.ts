import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createGitRepo, type GitRepo } from "../../sandbox-world/git-repo";
import { startServer, type ServerFixture } from "../support/server-fixture";

describe("GET /stacks", () => {
  let repo: GitRepo;
  let server: ServerFixture;

  const list = async () => {
    const response = await server.app.inject({ url: "/stacks", headers: server.auth("reader") });
    assert.equal(response.statusCode, 200, response.body);
    return response.json<{ items: Array<{ stack: string }> }>().items.map((item) => item.stack);
  };

  before(async () => {
    repo = createGitRepo();
    server = await startServer({ FLIGHTDECK_REPO_DIR: repo.dir });
  });

  after(async () => {
    await server.close();
    repo.cleanup();
  });

  it("needs a token, and lists nothing while the release branch has no commit", async () => {
    const anonymous = await server.app.inject({ url: "/stacks" });
    assert.equal(anonymous.statusCode, 401);
    assert.deepEqual(await list(), []);
  });

  it("lists the stacks the release branch commits settings for, and those the server keeps", async () => {
    repo.commit({
      "Pulumi.yaml": "name: flightdeck\n",
      "Pulumi.staging.yaml": "config: {}\n",
      "Pulumi.production.yaml": "config: {}\n",
      // Not a name the stack routes accept: listing it would offer a stack nobody can open.
      "Pulumi.not a stack.yaml": "config: {}\n",
      "docs/Pulumi.docs.yaml": "config: {}\n",
    });
    assert.deepEqual(await list(), ["production", "staging"]);

    const workspaces = join(server.dataDir, "workspaces");
    mkdirSync(join(workspaces, "qa"), { recursive: true });
    writeFileSync(join(workspaces, "qa", "Pulumi.qa.yaml"), "config: {}\n");
    // A folder without the stack's settings file is not a stack the server keeps.
    mkdirSync(join(workspaces, "leftover"));
    assert.deepEqual(await list(), ["production", "qa", "staging"]);
  });

  it("lists only stacks the stack routes know", async () => {
    for (const stack of await list()) {
      const response = await server.app.inject({
        url: `/stacks/${stack}`,
        headers: server.auth("reader"),
      });
      assert.equal(response.statusCode, 200, `${stack}: ${response.body}`);
    }
  });
});
