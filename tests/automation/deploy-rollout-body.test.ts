import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createGitRepo, type GitRepo } from "../../sandbox-world/git-repo";
import { startServer, type ServerFixture } from "../support/server-fixture";

interface ErrorBody {
  error: { code: string; message: string };
}

describe("a deploy's rollout in its body, checked before anything runs", () => {
  let repo: GitRepo;
  let server: ServerFixture;

  before(async () => {
    repo = createGitRepo();
    repo.commit({ "Pulumi.yaml": "name: flightdeck\n", "Pulumi.production.yaml": "config: {}\n" });
    server = await startServer({ FLIGHTDECK_REPO_DIR: repo.dir });
  });

  after(async () => {
    await server.close();
    repo.cleanup();
  });

  async function deploy(
    payload: Record<string, unknown>,
    token: "deployer" | "admin" = "deployer",
  ) {
    const response = await server.app.inject({
      method: "POST",
      url: "/stacks/production/deploy",
      headers: server.auth(token),
      payload,
    });
    return { status: response.statusCode, error: response.json<ErrorBody>().error };
  }

  const steps = (...weights: number[]) => ({
    steps: weights.map((weight) => (weight === 100 ? { weight } : { weight, pause: "1m" })),
  });

  it("refuses steps that do not rise to 100, naming the service's field", async () => {
    const falling = await deploy({ rollout: { api: steps(50, 20, 100) } });
    assert.equal(falling.status, 400);
    assert.equal(falling.error.code, "invalid_rollout");
    assert.match(falling.error.message, /^\/body\/rollout\/api: step 2's weight 20 must be above/);
    const short = await deploy({ rollout: { web: steps(10, 50) } });
    assert.equal(short.status, 400);
    assert.match(short.error.message, /^\/body\/rollout\/web: the last step must move all traffic/);
  });

  it("refuses a fraction of a percent for the web, whose cohorts are whole percents", async () => {
    const refused = await deploy({ rollout: { web: steps(12.5, 100) } });
    assert.equal(refused.status, 400);
    assert.equal(refused.error.code, "invalid_rollout");
    assert.equal(
      refused.error.message,
      "/body/rollout/web: web's steps are whole percents, not 12.5",
    );
  });

  it("refuses a canary with steps, a service it cannot roll out, and a hotfix without the rollback scope", async () => {
    const both = await deploy({
      canary: { weight: 10, bakeSeconds: 5 },
      rollout: { api: steps(100) },
    });
    assert.deepEqual([both.status, both.error.code], [400, "conflicting_rollout"]);
    const unknown = await deploy({ rollout: { worker: steps(100) } });
    assert.equal(unknown.status, 400);
    const hotfix = await deploy({ incident: { reason: "INC-1" } });
    assert.deepEqual([hotfix.status, hotfix.error.code], [403, "rollback_scope_required"]);
  });

  it("answers 409 when nothing is live to share traffic with, and journals nothing", async () => {
    const first = await deploy({ rollout: { web: steps(50, 100) } }, "admin");
    assert.deepEqual([first.status, first.error.code], [409, "rollout_needs_release"]);
    const journaled = await server.app.journal.listOperations({ stack: "production", limit: 10 });
    assert.deepEqual(journaled.items, []);
  });
});
