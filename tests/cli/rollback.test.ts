import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { cliEnv, cliLauncher, runCli } from "../support/cli-process";
import { deploymentsClient } from "../support/deployments-client";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { tokens } from "../support/server-fixture";
import { TmuxTerminal } from "../support/tmux-terminal";
import { repoRoot } from "../../toolchain/paths";

const short = (hash: string) => hash.slice(0, 7);

/**
 * `flightdeck rollback`: the dry run's diff, the question on a terminal, --yes elsewhere;
 * and the other question a terminal gets, whether Ctrl-C should cancel what runs.
 */
describe("flightdeck rollback, and questions on a terminal", () => {
  let world: ReleaseWorld;
  let env: (token: keyof typeof tokens) => Record<string, string>;
  const commits: string[] = [];
  const terminals: TmuxTerminal[] = [];

  /** The release each service runs, as the server says. */
  async function liveTags() {
    const response = await world.server.app.inject({
      url: "/stacks/production",
      headers: world.server.auth("reader"),
    });
    const { live } = response.json<{ live: Record<string, { tag: number }> }>();
    return Object.fromEntries(Object.entries(live).map(([service, s]) => [service, s.tag]));
  }

  /** `flightdeck rollback …` on a real pseudo-terminal. */
  function terminal(args: string[]): TmuxTerminal {
    const term = new TmuxTerminal(
      [process.execPath, cliLauncher, ...args],
      { ...env("admin"), LANG: "C.UTF-8" },
      repoRoot,
    );
    terminals.push(term);
    return term;
  }

  before(async () => {
    world = await startReleaseWorld(["production"]);
    const client = deploymentsClient(world.server);
    commits.push(world.repo.git("rev-parse", "HEAD"));
    assert.equal((await client.deploy("production")).releaseTag, 1);
    commits.push(
      world.repo.commit({ "services/shared/version.ts": "export const v = 2;\n" }, "all"),
    );
    assert.equal((await client.deploy("production")).releaseTag, 2);
    const url = await world.server.url();
    env = (token) => cliEnv({ FLIGHTDECK_URL: url, FLIGHTDECK_TOKEN: tokens[token] });
  });

  after(async () => {
    for (const term of terminals) term.close();
    await world.stop();
  });

  it("without a terminal and without --yes shows the plan, refuses with exit 2 and moves nothing", async () => {
    const result = await runCli(["rollback", "production"], env("admin"));

    assert.equal(result.code, 2);
    assert.match(result.stdout, /Rollback of production to release 1:/);
    const { journal } = world.server.app;
    const [release1, release2] = [
      (await journal.getRelease("production", 1))!.services,
      (await journal.getRelease("production", 2))!.services,
    ];
    assert.match(
      result.stdout,
      new RegExp(
        `api +release 2 +${short(commits[1]!)} +version ${release2.api.pointer} +→ +release 1 +${short(commits[0]!)} +version ${release1.api.pointer}`,
      ),
    );
    assert.match(
      result.stdout,
      new RegExp(
        `web +release 2 .*prefix ${short(commits[1]!)} +→ +release 1 .*prefix ${short(commits[0]!)}`,
      ),
    );
    assert.match(
      result.stdout,
      /mcp +release 2 .*task fd-production-mcp:\d+ +→ +release 1 .*task fd-production-mcp:\d+/,
    );
    assert.match(result.stderr, /a rollback must be confirmed: pass --yes/);
    assert.deepEqual(await liveTags(), { api: 2, web: 2, mcp: 2 });

    const json = await runCli(["rollback", "production", "--json"], env("admin"));
    assert.equal(json.code, 2);
    const refusal = JSON.parse(json.stdout) as { error: { code: string; details: { to: number } } };
    assert.equal(refusal.error.code, "confirmation_required");
    assert.equal(refusal.error.details.to, 1, "the plan comes with the refusal");
  });

  it("a token without the rollback scope is told so before any plan", async () => {
    const result = await runCli(["rollback", "production", "--yes"], env("deployer"));
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /lacks the "rollback" scope; this needs a token with the "rollback" scope \(it has: read, deploy\)/,
    );
  });

  it("on a terminal, answering n moves nothing and exits 2", async () => {
    const term = terminal(["rollback", "production"]);
    await term.waitFor(/Roll back api, web, mcp from 2 to 1\? \(y\/n\)$/m);
    term.type("n");
    assert.equal(await term.exitCode(), 2);
    assert.match(term.screen(), /error: not confirmed: nothing moved/);
    assert.deepEqual(await liveTags(), { api: 2, web: 2, mcp: 2 });
  });

  it("on a terminal, answering y rolls back and follows it to the end", async () => {
    const term = terminal(["rollback", "production", "--services", "api,web"]);
    await term.waitFor(/Roll back api, web from 2 to 1\? \(y\/n\)$/m);
    term.type("y");
    assert.equal(await term.exitCode(), 0, term.screen());
    const screen = term.screen();
    assert.match(screen, /✓ pointers +\d+\.\ds +api → version \d+, web → prefix/);
    assert.match(screen, /✓ verify +\d+\.\ds +api healthy, web healthy/);
    assert.match(screen, /rollback succeeded: production back on release 1 in \d+\.\ds/);
    assert.match(screen, new RegExp(`api +release 1 +${short(commits[0]!)}`));
    assert.match(screen, new RegExp(`mcp +release 2 +${short(commits[1]!)}`));
    assert.deepEqual(await liveTags(), { api: 1, web: 1, mcp: 2 });
  });

  it("going back to what already runs is a no-op that says so, exit 0; history marks the rolled-back release", async () => {
    const noop = await runCli(
      ["rollback", "production", "--services", "api", "--to", "1", "--yes"],
      env("admin"),
    );
    assert.equal(noop.code, 0, noop.stderr);
    assert.match(noop.stdout, /api already on release 1: nothing to roll back/);

    const history = await runCli(["history", "production"], env("reader"));
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, /^ +2 .*rolled back \(api, web\)$/m);
    assert.match(history.stdout, /api: rolled back to release 1, by ops-admin/);
    assert.match(history.stdout, /^ +1 .*← live: api, web$/m);
  });

  it("Ctrl-C during a deploy on a terminal asks whether to cancel it; y cancels it and exits 130", async () => {
    const term = terminal(["deploy", "production", "--force"]);
    await term.waitFor(/… up /);
    term.interrupt();
    const asked = await term.waitFor(/Cancel deploy (\S+) on the server\? \(y\/n\)$/m);
    const id = /Cancel deploy (\S+) on the server/.exec(asked)![1]!;
    term.type("y");
    assert.equal(await term.exitCode(), 130, term.screen());
    assert.match(term.screen(), new RegExp(`cancelling deploy ${id}…`));
    assert.match(term.screen(), /deploy cancelled in \d+\.\ds \(cancelled\)/);
    assert.equal((await deploymentsClient(world.server).get(id)).status, "cancelled");
  });
});
