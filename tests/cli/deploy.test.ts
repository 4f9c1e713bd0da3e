import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Operation } from "../../automation/journal/journal";
import { cliEnv, runCli, startCli } from "../support/cli-process";
import { deploymentsClient } from "../support/deployments-client";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { tokens } from "../support/server-fixture";

const short = (hash: string) => hash.slice(0, 7);

/** The flightdeck CLI as a child process against the release world: deploys, refusals, Ctrl-C. */
describe("flightdeck deploy", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let env: (token: keyof typeof tokens) => Record<string, string>;

  before(async () => {
    world = await startReleaseWorld(["production"]);
    client = deploymentsClient(world.server);
    const url = await world.server.url();
    env = (token) => cliEnv({ FLIGHTDECK_URL: url, FLIGHTDECK_TOKEN: tokens[token] });
  });

  after(() => world.stop());

  it("prints each step with its duration, the resource count and a summary, and exits 0", async () => {
    const commit = world.repo.git("rev-parse", "HEAD");
    const result = await runCli(["deploy", "production"], env("deployer"));

    assert.equal(result.code, 0, result.stderr);
    const { stdout } = result;
    for (const step of [
      "preflight",
      "change-analysis",
      "checkout",
      "install",
      "checks",
      "up",
      "verify",
      "bake",
      "release",
    ]) {
      assert.match(stdout, new RegExp(`✓ ${step} +\\d+\\.\\ds`), `a line for ${step}:\n${stdout}`);
    }
    assert.match(stdout, /✓ up +\d+\.\ds +18 created/);
    assert.match(stdout, /✓ verify .*api healthy, web healthy, mcp healthy/);
    assert.match(
      stdout,
      new RegExp(
        `deploy succeeded: release 1 of production, commit ${short(commit)} in \\d+\\.\\ds`,
      ),
    );
    const release = (await world.server.app.journal.getRelease("production", 1))!;
    assert.match(
      stdout,
      new RegExp(`api +release 1 +${short(commit)} +version ${release.services.api.pointer}\\b`),
    );
    assert.match(stdout, new RegExp(`web +release 1 +${short(commit)} +prefix ${short(commit)}`));
    assert.match(
      stdout,
      new RegExp(`mcp +release 1 +${short(commit)} +task fd-production-mcp:\\d+`),
    );
    assert.ok(!stdout.includes("\u001b["), "no colour without a terminal");
    assert.doesNotMatch(stdout, /sandbox:/, "only the sandbox's summaries say they are");
  });

  it("--json prints one document with the operation and what is live", async () => {
    const commit = world.repo.commit(
      { "services/api/handler.ts": "export const api = 2;\n" },
      "api",
    );
    const result = await runCli(["deploy", "production", "--json"], env("deployer"));

    assert.equal(result.code, 0, result.stderr);
    const body = JSON.parse(result.stdout) as {
      deployment: Operation;
      live: Record<string, { tag: number; gitHash: string; pointer: string }>;
    };
    assert.equal(body.deployment.status, "succeeded");
    assert.equal(body.deployment.releaseTag, 2);
    assert.deepEqual(body.deployment.affectedServices, ["api"]);
    assert.equal(body.live.api!.gitHash, commit);
    assert.notEqual(body.live.web!.gitHash, commit, "web was not affected and keeps its hash");
  });

  it("a busy stack is refused with exit 2, naming the holder", async () => {
    const first = startCli(["deploy", "production", "--force"], env("deployer"));
    const header = await first.waitForOutput(/deploy (\S+) of production/);
    const holder = /deploy (\S+) of production/.exec(header)![1]!;

    const second = await runCli(["deploy", "production"], env("admin"));
    assert.equal(second.code, 2);
    assert.match(
      second.stderr,
      new RegExp(`stack production is busy: deploy ${holder} requested by ci since`),
    );
    assert.match(second.stderr, new RegExp(`flightdeck logs ${holder} --follow`));

    const json = await runCli(["deploy", "production", "--json"], env("admin"));
    assert.equal(json.code, 2);
    const refusal = JSON.parse(json.stdout) as {
      error: { code: string; details: { holder: { operationId: string } } };
    };
    assert.equal(refusal.error.code, "stack_busy");
    assert.equal(refusal.error.details.holder.operationId, holder);

    const done = await first.done;
    assert.equal(done.code, 0, done.stdout + done.stderr);
  });

  it("a token without the deploy scope is told which scope it lacks, and exits 2", async () => {
    const result = await runCli(["deploy", "production"], env("reader"));
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /token "dashboard" lacks the "deploy" scope; this needs a token with the "deploy" scope \(it has: read\)/,
    );
    const unknown = await runCli(["status", "production"], {
      ...env("reader"),
      FLIGHTDECK_TOKEN: "x".repeat(40),
    });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /the bearer token is not valid: run flightdeck login/);
  });

  it("status and history read what runs, with --json for scripts", async () => {
    // The refresh the server starts after a deploy shows as running until it ends.
    await client.atRest("production");
    const status = await runCli(["status", "production"], env("reader"));
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /api +release 3 /);
    assert.match(status.stdout, /no operation running/);
    const history = JSON.parse(
      (await runCli(["history", "production", "--json"], env("reader"))).stdout,
    ) as {
      items: Array<{ tag: number }>;
    };
    assert.deepEqual(
      history.items.map((release) => release.tag),
      [3, 2, 1],
    );
  });

  it("logs replays a finished operation (--json: one event per line); preview and invalidate", async () => {
    const [first] = (await client.list("production", "deploy")).slice(-1);
    const replay = await runCli(["logs", first!.id], env("reader"));
    assert.equal(replay.code, 0, replay.stderr);
    assert.match(replay.stdout, /✓ up +\d+\.\ds +18 created/);
    assert.match(replay.stdout, /deploy succeeded: release 1 of production/);
    const lines = (await runCli(["logs", first!.id, "--json"], env("reader"))).stdout
      .trim()
      .split("\n");
    const events = lines.map((line) => JSON.parse(line) as { seq: number; type: string });
    assert.deepEqual(
      events.map((event) => event.seq),
      events.map((_, index) => index + 1),
    );
    assert.equal(events.at(-1)?.type, "status");

    const preview = await runCli(["preview", "production", "--force"], env("deployer"));
    assert.equal(preview.code, 0, preview.stderr);
    assert.match(preview.stdout, /✓ preview +\d+\.\ds/);
    assert.match(
      preview.stdout,
      /preview succeeded: production in \d+\.\ds\n +affects api, web, mcp; traffic held: api, web/,
    );

    const invalidated = await runCli(
      ["invalidate", "production", "/index.html", "/assets/*", "/assets/app.js", "--wait"],
      env("deployer"),
    );
    assert.equal(invalidated.code, 0, invalidated.stderr);
    assert.match(invalidated.stdout, /invalidation \S+ of \/index.html \/assets\/\*: Completed/);
    assert.match(invalidated.stdout, /\/assets\/app.js dropped: covered by \/assets\/\*/);
  });

  it("a verification that fails shows its retries as they happen, and exits 1", async () => {
    world.repo.commit(
      {
        "services/web/index.html":
          "<html><head><!-- fixture: the build drops the git-hash --></head><body>broken</body></html>\n",
      },
      "web without its hash",
    );
    const result = await runCli(["deploy", "production"], env("deployer"));

    assert.equal(result.code, 1, result.stdout);
    const retries = result.stdout.match(
      /↻ web \(candidate\) not ready: HTTP 200 reporting no hash; look \d, next in/g,
    );
    assert.equal(retries?.length, 2, result.stdout);
    assert.match(result.stdout, /✗ verify +\d+\.\ds +web broken \(3 looks\)/);
    assert.match(
      result.stdout,
      /deploy failed in \d+\.\ds \(verification_failed\): .*web never took traffic/,
    );
    // The retries were streamed before the step ended, not told afterwards.
    assert.ok(result.stdout.indexOf("↻ web") < result.stdout.indexOf("✗ verify"));
  });

  it("Ctrl-C without a terminal cancels the operation it started, follows it to its end, and exits 130", async () => {
    const running = startCli(["deploy", "production", "--force"], env("deployer"));
    const header = await running.waitForOutput(/✓ checkout/);
    const id = /deploy (\S+) of production/.exec(header)![1]!;
    running.child.kill("SIGINT");
    const result = await running.done;

    assert.equal(result.code, 130, result.stdout + result.stderr);
    assert.match(result.stderr, new RegExp(`cancelling deploy ${id}`));
    assert.match(result.stdout, /deploy cancelled/);
    assert.equal((await client.get(id)).status, "cancelled");
  });
});
