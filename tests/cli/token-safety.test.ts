import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { configFilePath, resolveConnection, writeConfigFile } from "../../cli/config";
import { exitCodes } from "../../cli/exit-codes";
import { isLoopbackHost } from "../../cli/transport";
import { repoRoot } from "../../toolchain/paths";
import { cliEnv, runCli } from "../support/cli-process";

/** A loopback HTTP server that records the headers of every request it gets. */
async function recordingServer(): Promise<{
  server: Server;
  url: string;
  seen: IncomingHttpHeaders[];
}> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, seen };
}

/** A CLI environment whose saved login is `token` for `url`. */
function savedLogin(url: string, token: string): Record<string, string> {
  const env = cliEnv();
  writeConfigFile({ url, token }, configFilePath(env));
  return env;
}

const savedToken = "saved-token-0123456789abcdef";

describe("a saved token goes only to the server it was saved for", () => {
  let other: Awaited<ReturnType<typeof recordingServer>>;

  before(async () => {
    other = await recordingServer();
  });

  after(() => new Promise<void>((resolve) => other.server.close(() => resolve())));

  it("is not sent when FLIGHTDECK_URL names another origin, and the refusal says what to do", async () => {
    // Another port on the same host is another origin.
    const env = savedLogin("http://127.0.0.1:9", savedToken);
    const result = await runCli(["status", "production"], { ...env, FLIGHTDECK_URL: other.url });
    assert.equal(result.code, exitCodes.refused, result.stderr);
    assert.match(
      result.stderr,
      new RegExp(
        `the token flightdeck login saved is for http://127.0.0.1:9, not ${other.url}: set FLIGHTDECK_TOKEN to a token of ${other.url}, or run flightdeck login`,
      ),
    );
    assert.equal(
      other.seen.filter((headers) => headers.authorization !== undefined).length,
      0,
      "no request carried a token",
    );
    assert.equal(other.seen.length, 0, "refused before anything was sent");
  });

  it("a host spelled differently is another origin too; FLIGHTDECK_TOKEN for it is sent", async () => {
    const env = savedLogin(other.url, savedToken);
    const { port } = new URL(other.url);
    assert.throws(() => resolveConnection({ ...env, FLIGHTDECK_URL: `http://localhost:${port}` }), {
      exitCode: exitCodes.refused,
      code: "token_for_other_server",
    });
    const result = await runCli(["status", "production", "--json"], {
      ...env,
      FLIGHTDECK_URL: `http://localhost:${port}`,
      FLIGHTDECK_TOKEN: "its-own-token-0123456789",
    });
    assert.equal(result.code, exitCodes.ok, result.stderr);
    assert.deepEqual(
      other.seen.map((headers) => headers.authorization),
      ["Bearer its-own-token-0123456789"],
    );
  });
});

describe("plain http only to this machine, unless --insecure", () => {
  it("knows the loopback hosts", () => {
    for (const url of [
      "http://127.0.0.1",
      "http://127.1.2.3",
      "http://[::1]",
      "http://LOCALHOST",
      "http://127.1",
    ])
      assert.equal(isLoopbackHost(new URL(url).hostname), true, url);
    for (const url of [
      "http://10.0.0.1",
      "http://128.0.0.1",
      "http://localhost.example",
      "http://[::2]",
    ])
      assert.equal(isLoopbackHost(new URL(url).hostname), false, url);
  });

  it("refuses http to another host before any connection, and allows it with --insecure", async () => {
    // 192.0.2.0/24 is reserved for documentation: nothing answers there, and nothing is sent.
    const env = cliEnv({ FLIGHTDECK_URL: "http://192.0.2.1:3000", FLIGHTDECK_TOKEN: savedToken });
    const result = await runCli(["status", "production", "--json"], env);
    assert.equal(result.code, exitCodes.refused);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    assert.equal(error.code, "insecure_transport");
    assert.match(error.message, /use https:\/\/, or pass --insecure/);
    const login = await runCli(
      ["login", "--url", "http://192.0.2.1:3000"],
      cliEnv(),
      `${savedToken}\n`,
    );
    assert.equal(login.code, exitCodes.refused);
    assert.match(
      login.stderr,
      /refusing to send a token over plain http to http:\/\/192\.0\.2\.1:3000/,
    );

    assert.deepEqual(resolveConnection(env, { insecure: true }), {
      url: "http://192.0.2.1:3000",
      token: savedToken,
    });
    assert.deepEqual(resolveConnection({ ...env, FLIGHTDECK_URL: "https://192.0.2.1:3000" }), {
      url: "https://192.0.2.1:3000",
      token: savedToken,
    });
  });

  it("--insecure is a global option: before or after the command", async () => {
    const env = cliEnv({ FLIGHTDECK_URL: "http://127.0.0.1:9", FLIGHTDECK_TOKEN: savedToken });
    for (const args of [
      ["--insecure", "status", "production"],
      ["status", "production", "--insecure"],
    ]) {
      const result = await runCli(args, env);
      // Allowed, so it tries: nothing listens on port 9.
      assert.equal(result.code, exitCodes.failed, result.stderr);
      assert.match(result.stderr, /could not reach http:\/\/127\.0\.0\.1:9/);
    }
  });
});

describe("the MCP server started on its own", () => {
  it("refuses http to another host too, before any connection", () => {
    const mcp = spawnSync(process.execPath, ["--import", "tsx", "mcp/main.ts"], {
      cwd: repoRoot,
      env: cliEnv({ FLIGHTDECK_URL: "http://192.0.2.1:3000", FLIGHTDECK_TOKEN: savedToken }),
      input: "",
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(mcp.status, exitCodes.refused, mcp.stderr);
    assert.match(mcp.stderr, /flightdeck mcp: refusing to send a token over plain http/);
  });
});

describe("the saved login file", () => {
  it("is replaced atomically with mode 0600 in a folder of mode 0700, even over a wider file", () => {
    const home = mkdtempSync(join(tmpdir(), "flightdeck-config-"));
    const path = configFilePath({ XDG_CONFIG_HOME: home });
    const folder = join(home, "flightdeck");
    mkdirSync(folder, { mode: 0o755 });
    writeFileSync(path, "{}", { mode: 0o644 });
    chmodSync(path, 0o644);
    writeConfigFile({ url: "https://a.example", token: savedToken }, path);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(folder), ["config.json"], "no temporary file is left behind");
    assert.deepEqual(resolveConnection({ XDG_CONFIG_HOME: home }), {
      url: "https://a.example",
      token: savedToken,
    });
  });
});
