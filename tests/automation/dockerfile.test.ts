import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../../automation/config";
import { repoRoot } from "../../toolchain/paths";

interface Instruction {
  keyword: string;
  args: string;
}

/** The Dockerfile's instructions, continuation lines joined, grouped by build stage. */
function stages(text: string): Instruction[][] {
  const joined = text
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .join("\n")
    .replace(/\\\n/g, " ");
  const result: Instruction[][] = [];
  for (const line of joined.split("\n").filter((l) => l.trim() !== "")) {
    const [, keyword = "", args = ""] = /^\s*(\S+)\s*(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === "FROM") result.push([]);
    result.at(-1)?.push({ keyword: keyword.toUpperCase(), args: args.trim() });
  }
  return result;
}

const dockerfile = readFileSync(join(repoRoot, "Dockerfile"), "utf8");
const all = stages(dockerfile);
const final = all.at(-1)!;
const args = (keyword: string) => final.filter((i) => i.keyword === keyword).map((i) => i.args);
const execForm = (keyword: string) => {
  const [value] = args(keyword);
  assert.ok(value, `the image has a ${keyword}`);
  return JSON.parse(value.replace(/^.*?CMD\s+/, "")) as string[];
};

/** ENV lines of the final stage: `A=1 B=2`. */
const env = Object.fromEntries(
  args("ENV").flatMap((line) => line.split(/\s+/).map((pair) => pair.split("=", 2))),
) as Record<string, string>;

describe("the server's Dockerfile", () => {
  let ready = true;
  let server: Server;
  let port = 0;

  before(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === "/health/ready" && ready ? 200 : 503;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  });

  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("builds in stages: the engine from the pinned Go modules, then npm ci and the dashboard", () => {
    assert.ok(all.length >= 3);
    const runs = all
      .flat()
      .filter((i) => i.keyword === "RUN")
      .map((i) => i.args);
    assert.ok(runs.some((run) => run.startsWith("npm ci")));
    assert.ok(runs.includes("npm run build:dashboard"));
    assert.ok(runs.some((run) => run.includes("github.com/pulumi/pulumi/pkg/v3/cmd/pulumi")));
    assert.ok(runs.some((run) => /cmd\/pulumi-language-nodejs$/.test(run)));
    for (const dir of ["toolchain/pulumi-cli", "toolchain/pulumi-language-nodejs"])
      assert.ok(existsSync(join(repoRoot, dir, "go.sum")), dir);
  });

  it("installs bubblewrap for the sandbox and documents what the container must allow for it", () => {
    assert.ok(args("RUN").some((run) => /apt-get install[^&]*\bbubblewrap\b/.test(run)));
    for (const option of ["seccomp=unconfined", "apparmor=unconfined", "systempaths=unconfined"])
      assert.ok(dockerfile.includes(option), option);
    assert.match(dockerfile, /FLIGHTDECK_SANDBOX=off/);
  });

  it("runs the server as a user that is not root, on the port and data directory of its config", () => {
    const [user] = args("USER");
    assert.ok(user && !/^(root|0)(:|$)/.test(user), `USER ${user}`);
    const config = loadConfig(env);
    assert.equal(config.host, "0.0.0.0");
    assert.deepEqual(args("EXPOSE"), [String(config.port)]);
    assert.deepEqual(args("VOLUME"), [config.dataDir]);
    const cmd = execForm("CMD");
    assert.deepEqual(cmd, ["node", "--import", "tsx", "automation/server.ts"]);
    assert.ok(existsSync(join(repoRoot, cmd.at(-1)!)));
    const { scripts } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    assert.equal(scripts.start, cmd.join(" "), "what `npm start` runs, with no process between");
  });

  it("checks health with node on /health/ready: 0 when ready, 1 when not or not answering", async () => {
    const [healthcheck] = args("HEALTHCHECK");
    assert.match(healthcheck ?? "", /^--interval=\S+ .*CMD \[/);
    const [command, ...rest] = execForm("HEALTHCHECK");
    assert.equal(command, "node");
    assert.match(rest.join(" "), /\/health\/ready/);
    // Not spawnSync: the server answering the probe runs on this event loop.
    const probe = (onPort: number) =>
      new Promise<number | null>((resolve) =>
        spawn(process.execPath, rest, {
          env: { ...process.env, PORT: String(onPort) },
          timeout: 10_000,
        }).once("exit", resolve),
      );
    ready = true;
    assert.equal(await probe(port), 0);
    ready = false;
    assert.equal(await probe(port), 1);
    assert.equal(await probe(1), 1, "nothing listens on port 1");
  });

  it("leaves what a checkout made locally out of the build context", () => {
    const ignored = readFileSync(join(repoRoot, "Dockerfile.dockerignore"), "utf8").split("\n");
    for (const entry of [".git", "node_modules", ".data", "dashboard/dist"])
      assert.ok(ignored.includes(entry), entry);
  });
});
