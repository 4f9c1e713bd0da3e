import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import {
  existsSync,
  readFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { commandEnvironment } from "../../automation/pipeline/command-env";
import {
  clearPartialInstalls,
  installDependencies as install,
} from "../../automation/release-tree/dependencies";
import { Sandbox } from "../../automation/sandbox/sandbox";
import { repoRoot } from "../../toolchain/paths";
import { defaultSandboxUid } from "../../automation/sandbox/sandbox-setting";

/** A package with no dependencies: npm ci installs it without reaching any registry. */
function tree(dir: string, name: string): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  const manifest = { name, version: "1.0.0", private: true };
  writeFileSync(join(path, "package.json"), JSON.stringify(manifest));
  writeFileSync(
    join(path, "package-lock.json"),
    JSON.stringify({
      name,
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: { "": manifest },
    }),
  );
  return path;
}

describe("dependencies of a released commit", () => {
  let dir: string;
  let root: string;
  const signal = new AbortController().signal;
  const instance = `${hostname()}:${process.pid}:test`;
  const sandbox = new Sandbox({ mode: "bubblewrap", uid: defaultSandboxUid });
  const installDependencies = (treeDir: string, root: string) =>
    install({
      treeDir,
      root,
      env: commandEnvironment([]),
      signal,
      instanceId: instance,
      sandbox,
    });

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "flightdeck-deps-"));
    root = join(dir, "dependencies");
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("installs once per lockfile and links every tree with that lockfile to it", async () => {
    const first = await installDependencies(tree(dir, "a"), root);
    assert.equal(first.cached, false);
    assert.match(first.lockfileSha256, /^[0-9a-f]{64}$/);
    // Same lockfile bytes in another tree (another commit): nothing is installed again.
    const b = tree(dir, "a-again");
    writeFileSync(join(b, "package-lock.json"), readLock(dir, "a"));
    writeFileSync(join(b, "package.json"), readManifest(dir, "a"));
    const second = await installDependencies(b, root);
    assert.deepEqual(second, { ...first, cached: true });
    assert.equal(
      readlinkSync(join(b, "node_modules")),
      join(root, first.lockfileSha256, "node_modules"),
    );
    assert.deepEqual(readdirSync(root), [first.lockfileSha256]);
  });

  it("a failing npm ci ends with npm's message and keeps nothing half-installed", async () => {
    const broken = tree(dir, "broken");
    writeFileSync(join(broken, "package-lock.json"), "{ not json");
    await assert.rejects(installDependencies(broken, root), (error: Error & { code?: string }) => {
      assert.equal(error.code, "install_failed");
      assert.match(error.message, /npm ci failed \(exit \d+\): .*(JSON|parse|lock)/is);
      return true;
    });
    assert.equal(readdirSync(root).filter((name) => name.startsWith("partial-")).length, 0);
    const noLock = join(dir, "no-lock");
    mkdirSync(noLock);
    await assert.rejects(installDependencies(noLock, root), /no package-lock.json/);
  });

  it("keys an install by package.json and .npmrc too, and refuses a .npmrc that names a registry or credentials", async () => {
    const plain = tree(dir, "keyed");
    const first = await installDependencies(plain, root);
    // Same lockfile, another package.json (its scripts, its allow-list): another install.
    const scripted = tree(dir, "keyed-scripts");
    writeFileSync(join(scripted, "package-lock.json"), readLock(dir, "keyed"));
    const manifest = { name: "keyed", version: "1.0.0", private: true, scripts: { x: "true" } };
    writeFileSync(join(scripted, "package.json"), JSON.stringify(manifest));
    const second = await installDependencies(scripted, root);
    assert.notEqual(second.lockfileSha256, first.lockfileSha256);
    assert.equal(second.cached, false);

    const tuned = tree(dir, "keyed-npmrc");
    writeFileSync(join(tuned, ".npmrc"), "# resolution only\nlegacy-peer-deps=true\n");
    assert.equal((await installDependencies(tuned, root)).cached, false);
    for (const line of [
      "registry=http://127.0.0.1:9/",
      "@acme:registry=http://127.0.0.1:9/",
      "//127.0.0.1:9/:_authToken=abc",
      "script-shell=/tmp/evil",
    ]) {
      const hostile = tree(dir, "keyed-hostile");
      writeFileSync(join(hostile, ".npmrc"), `${line}\n`);
      const before = readdirSync(root).length;
      await assert.rejects(
        installDependencies(hostile, root),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, "npmrc_refused", line);
          assert.match(error.message, /registries and credentials are the server's/);
          return true;
        },
      );
      assert.equal(readdirSync(root).length, before, "nothing was installed");
    }
  });

  it("runs a dependency's install script only where package.json's allowScripts approves it", async () => {
    // esbuild has an install script; its lockfile entries are the product's own.
    const productLock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version?: string }>;
    };
    const entries = Object.entries(productLock.packages).filter(
      ([key]) => key === "node_modules/esbuild" || key.startsWith("node_modules/@esbuild/"),
    );
    const version = productLock.packages["node_modules/esbuild"]!.version!;
    const withEsbuild = (name: string, allowScripts?: Record<string, boolean>) => {
      const path = tree(dir, name);
      const manifest = { name, version: "1.0.0", dependencies: { esbuild: version }, allowScripts };
      writeFileSync(join(path, "package.json"), JSON.stringify(manifest));
      const packages = { "": { name, version: "1.0.0", dependencies: { esbuild: version } } };
      const lock = { name, version: "1.0.0", lockfileVersion: 3, requires: true, packages };
      Object.assign(lock.packages, Object.fromEntries(entries));
      writeFileSync(join(path, "package-lock.json"), JSON.stringify(lock));
      return path;
    };
    await assert.rejects(
      installDependencies(withEsbuild("unreviewed"), root),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "install_failed");
        assert.match(error.message, /ESTRICTALLOWSCRIPTS[^]*esbuild@[\d.]+ \(install/);
        return true;
      },
    );
    const denied = await installDependencies(withEsbuild("denied", { esbuild: false }), root);
    assert.equal(denied.cached, false);
  });

  it("keeps the few most recently used installs, and a restart drops interrupted ones", async () => {
    for (const name of ["c", "d", "e", "f", "g"]) await installDependencies(tree(dir, name), root);
    assert.equal(readdirSync(root).length, 4, "the one in use and three more");
    mkdirSync(join(root, "partial-crashed"));
    // One of a server still running here (this process) stays; a dead one's goes.
    const running = `partial-${instance}--1`;
    const dead = `partial-${hostname()}:${deadPid()}:x--2`;
    mkdirSync(join(root, running));
    mkdirSync(join(root, dead));
    await clearPartialInstalls(root);
    assert.equal(existsSync(join(root, "partial-crashed")), false);
    assert.equal(existsSync(join(root, dead)), false);
    assert.equal(existsSync(join(root, running)), true);
  });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], {
    encoding: "utf8",
  });
  return Number(child.stdout.trim());
}

const readLock = (dir: string, name: string) => readFileSync(join(dir, name, "package-lock.json"));
const readManifest = (dir: string, name: string) => readFileSync(join(dir, name, "package.json"));
