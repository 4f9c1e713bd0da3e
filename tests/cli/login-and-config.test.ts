import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { exitCodes } from "../../cli/exit-codes";
import { configFilePath, resolveConnection, writeConfigFile } from "../../cli/config";
import { deployBody, parseCanary, parseSteps } from "../../cli/commands/deploy";
import { rollbackQuestion } from "../../client/rollback-plan";
import type { RollbackPlanView as RollbackPlan } from "../../client/types";
import { cliEnv, runCli } from "../support/cli-process";
import { startServer, tokens, type ServerFixture } from "../support/server-fixture";

describe("flightdeck's configuration: environment first, else what login saved", () => {
  const config = () => join(mkdtempSync(join(tmpdir(), "flightdeck-config-")), "config");

  it("takes FLIGHTDECK_URL and FLIGHTDECK_TOKEN each over the saved file", () => {
    const XDG_CONFIG_HOME = config();
    writeConfigFile(
      { url: "https://saved:3000", token: "saved-token" },
      configFilePath({ XDG_CONFIG_HOME }),
    );
    assert.deepEqual(resolveConnection({ XDG_CONFIG_HOME }), {
      url: "https://saved:3000",
      token: "saved-token",
    });
    // The saved token goes with FLIGHTDECK_URL only when that names the same server.
    assert.deepEqual(
      resolveConnection({ XDG_CONFIG_HOME, FLIGHTDECK_URL: "https://SAVED:3000/" }),
      { url: "https://saved:3000", token: "saved-token" },
    );
    assert.deepEqual(
      resolveConnection({
        XDG_CONFIG_HOME,
        FLIGHTDECK_URL: "https://env:4000",
        FLIGHTDECK_TOKEN: "env-token",
      }),
      { url: "https://env:4000", token: "env-token" },
    );
  });

  it("refuses a saved token others may read, and says what is missing when nothing is set", () => {
    const XDG_CONFIG_HOME = config();
    const path = configFilePath({ XDG_CONFIG_HOME });
    writeConfigFile({ url: "http://saved:3000", token: "saved-token" }, path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    chmodSync(path, 0o644);
    assert.throws(() => resolveConnection({ XDG_CONFIG_HOME }), {
      message: `${path} may be read by others; run: chmod 600 ${path}`,
      exitCode: exitCodes.refused,
    });
    assert.throws(() => resolveConnection({ XDG_CONFIG_HOME: config() }), {
      message:
        "no FLIGHTDECK_URL or FLIGHTDECK_TOKEN: run flightdeck login, or set FLIGHTDECK_URL and FLIGHTDECK_TOKEN",
    });
    assert.throws(
      () =>
        resolveConnection({ XDG_CONFIG_HOME, FLIGHTDECK_URL: "ftp://x", FLIGHTDECK_TOKEN: "t" }),
      {
        message: '"ftp://x" is not an http(s) URL',
      },
    );
  });

  it("parses --canary and --steps, and asks about each release the services come from", () => {
    assert.deepEqual(parseCanary("10:300"), { weight: 10, bakeSeconds: 300 });
    assert.deepEqual(parseCanary("2.5:1"), { weight: 2.5, bakeSeconds: 1 });
    for (const bad of ["100:60", "0:60", "10", "10:0", "ten:60"])
      assert.throws(() => parseCanary(bad));
    assert.deepEqual(parseSteps("5:5m, 25:manual,100"), [
      { weight: 5, pause: "5m" },
      { weight: 25, pause: "manual" },
      { weight: 100 },
    ]);
    for (const bad of ["5:5x,100", "5:0s,100", "five,100", "5;100"])
      assert.throws(() => parseSteps(bad), /WEIGHT\[:PAUSE\]/);
    assert.deepEqual(deployBody({ webSteps: parseSteps("50:manual,100"), incident: "INC-1" }), {
      rollout: { web: { steps: [{ weight: 50, pause: "manual" }, { weight: 100 }] } },
      incident: { reason: "INC-1" },
    });
    assert.deepEqual(deployBody({ steps: parseSteps("100"), mcpSteps: parseSteps("100") }), {
      rollout: { api: { steps: [{ weight: 100 }] }, mcp: { steps: [{ weight: 100 }] } },
    });
    assert.deepEqual(deployBody({}), {});
    const change = (service: "api" | "web" | "mcp", fromTag: number) => ({
      service,
      fromTag,
      from: "2",
      to: "1",
      gitHash: "h",
    });
    const plan = (changes: RollbackPlan["changes"]): RollbackPlan => ({
      to: 17,
      changes,
      unchanged: [],
    });
    assert.equal(rollbackQuestion(plan([change("api", 18)])), "Roll back api from 18 to 17?");
    assert.equal(
      rollbackQuestion(plan([change("api", 19), change("web", 18), change("mcp", 19)])),
      "Roll back api, mcp from 19, web from 18 to 17?",
    );
  });
});

describe("flightdeck login, and commands on what it saved", () => {
  let server: ServerFixture;
  let url: string;

  before(async () => {
    server = await startServer();
    url = await server.url();
  });

  after(() => server.close());

  it("checks the token with the server, saves it readable by its owner only, and later commands use it", async () => {
    const env = cliEnv();
    const login = await runCli(["login", "--url", `${url}/`], env, `${tokens.reader}\n`);
    assert.equal(login.code, 0, login.stderr);
    const path = join(env.XDG_CONFIG_HOME!, "flightdeck", "config.json");
    assert.match(
      login.stdout,
      new RegExp(`logged in to ${url} as dashboard \\(scopes: read\\); saved to ${path}`),
    );
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), { url, token: tokens.reader });

    // The saved (read) token is used, and its missing scope named.
    const deploy = await runCli(["deploy", "production"], env);
    assert.equal(deploy.code, exitCodes.refused);
    assert.match(deploy.stderr, /lacks the "deploy" scope/);
  });

  it("refuses a token the server does not take, and saves nothing", async () => {
    const env = cliEnv();
    const login = await runCli(
      ["login", "--url", url, "--json"],
      env,
      "not-a-token-of-this-server-0123456789\n",
    );
    assert.equal(login.code, exitCodes.refused);
    assert.equal(
      (JSON.parse(login.stdout) as { error: { code: string } }).error.code,
      "unauthorized",
    );
    assert.throws(() => statSync(join(env.XDG_CONFIG_HOME!, "flightdeck", "config.json")));
  });

  it("wrong usage and unknown operations are refused with exit 2", async () => {
    const env = cliEnv({ FLIGHTDECK_URL: url, FLIGHTDECK_TOKEN: tokens.admin });
    const missing = await runCli(["deploy"], env);
    assert.equal(missing.code, exitCodes.refused);
    assert.match(missing.stderr, /missing required argument 'stack'/);
    const canary = await runCli(["deploy", "production", "--canary", "100:5"], env);
    assert.equal(canary.code, exitCodes.refused);
    assert.match(canary.stderr, /expected WEIGHT:BAKE/);
    const logs = await runCli(["logs", "00000000-0000-0000-0000-000000000000"], env);
    assert.equal(logs.code, exitCodes.refused);
    assert.match(logs.stderr, /no deployment 00000000-0000-0000-0000-000000000000/);
    const unreachable = await runCli(["status", "production"], {
      ...env,
      FLIGHTDECK_URL: "http://127.0.0.1:9",
    });
    assert.equal(unreachable.code, exitCodes.failed);
    assert.match(unreachable.stderr, /could not reach http:\/\/127.0.0.1:9/);
  });
});
