import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { choosePorts } from "../../sandbox-world/choose-ports";
import { missingToolchain } from "../../sandbox-world/ensure-toolchain";
import { forgetRealWorldSettings } from "../../sandbox-world/real-world-settings";
import { defaultPorts, parseSandboxOptions } from "../../sandbox-world/sandbox-options";
import { repoRoot } from "../../toolchain/paths";

describe("npm run sandbox's start: options, ports, toolchain and settings", () => {
  const taken = createServer();
  let takenPort: number;

  before(async () => {
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    takenPort = (taken.address() as { port: number }).port;
  });

  after(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  /** The options of `npm run sandbox`, with the server's port the one taken here. */
  const onTakenPort = (args: string[]) => {
    const options = parseSandboxOptions(args);
    return { ...options, ports: { ...options.ports, server: takenPort } };
  };

  it("defaults to .sandbox in the checkout and ports 3100 to 3102, and refuses what it cannot use", () => {
    const options = parseSandboxOptions([]);
    assert.equal(options.dir, join(repoRoot, ".sandbox"));
    assert.deepEqual(options.ports, defaultPorts);
    assert.equal(options.reset, false);
    const other = parseSandboxOptions(["--reset", "--dir", "elsewhere", "--aws-port", "4001"]);
    assert.equal(other.dir, join(process.cwd(), "elsewhere"));
    assert.equal(other.reset, true);
    assert.deepEqual([...other.explicitPorts], ["aws"]);
    assert.throws(() => parseSandboxOptions(["--port", "70000"]), /--port must be a port number/);
    assert.throws(() => parseSandboxOptions(["--port", "3101"]), /the three ports must differ/);
    assert.throws(() => parseSandboxOptions(["--colour"]), /Unknown option '--colour'/);
  });

  it("moves a default port that is taken, and says so; a port given that is taken is refused", async () => {
    const said: string[] = [];
    const moved = await choosePorts(onTakenPort([]), (line) => said.push(line));
    assert.notEqual(moved.server, takenPort);
    assert.ok(
      said.includes(
        `port ${takenPort} is taken: using ${moved.server} instead (--port N to choose)`,
      ),
      said.join("\n"),
    );
    await assert.rejects(
      choosePorts(onTakenPort(["--port", String(takenPort)]), () => undefined),
      { message: `port ${takenPort} (--port) is taken: choose another` },
    );
  });

  it("names each missing piece of the toolchain, so that it bootstraps before anything starts", () => {
    const empty = mkdtempSync(join(tmpdir(), "flightdeck-no-toolchain-"));
    const saved = { dir: process.env.FLIGHTDECK_TOOLCHAIN_DIR, path: process.env.PATH };
    try {
      process.env.FLIGHTDECK_TOOLCHAIN_DIR = empty;
      process.env.PATH = empty;
      assert.deepEqual(missingToolchain(), [
        "the pulumi CLI",
        "its nodejs language host",
        "its dynamic provider launcher",
        "moto's server (the AWS API emulator)",
      ]);
    } finally {
      if (saved.dir === undefined) delete process.env.FLIGHTDECK_TOOLCHAIN_DIR;
      else process.env.FLIGHTDECK_TOOLCHAIN_DIR = saved.dir;
      process.env.PATH = saved.path;
      rmSync(empty, { recursive: true, force: true });
    }
    assert.deepEqual(missingToolchain(), [], "this machine's toolchain is bootstrapped");
  });

  it("forgets the real world's AWS, Pulumi and flightdeck settings but those it honours", () => {
    const env: NodeJS.ProcessEnv = {
      AWS_PROFILE: "production",
      AWS_SESSION_TOKEN: "a-session",
      PULUMI_ACCESS_TOKEN: "pul-123",
      FLIGHTDECK_STATE_URL: "s3://real-state",
      FLIGHTDECK_TOKENS_FILE: "/etc/flightdeck/tokens.json",
      FLIGHTDECK_SANDBOX: "off",
      FLIGHTDECK_DEPENDENCIES_DIR: "/var/cache/installs",
      HOME: "/home/newcomer",
    };
    forgetRealWorldSettings(env);
    assert.deepEqual(env, {
      FLIGHTDECK_SANDBOX: "off",
      FLIGHTDECK_DEPENDENCIES_DIR: "/var/cache/installs",
      HOME: "/home/newcomer",
      AWS_EC2_METADATA_DISABLED: "true",
    });
  });
});
