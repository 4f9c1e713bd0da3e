import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Sandbox } from "../../automation/sandbox/sandbox";
import { defaultSandboxUid } from "../../automation/sandbox/sandbox-setting";
import type { SandboxSpec } from "../../automation/sandbox/sandbox-spec";

/** Runs a shell script in the sandbox; its exit code and what it printed. */
async function run(sandbox: Sandbox, script: string, spec: SandboxSpec) {
  const { child } = sandbox.spawn("/bin/sh", ["-c", script], spec);
  let output = "";
  let errors = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  // Apart: the two streams interleave in no fixed order.
  return { code, output: output.trim(), errors: errors.trim() };
}

describe("the sandbox released code runs in", () => {
  const sandbox = new Sandbox({ mode: "bubblewrap", uid: defaultSandboxUid });
  let root: string;
  let tree: string;
  let install: string;
  let spec: SandboxSpec;

  before(async () => {
    // A data directory as the server keeps it: private, a secret beside the worktree.
    root = mkdtempSync(join(tmpdir(), "flightdeck-sandbox-"));
    tree = join(root, "worktrees", "instance", "tree");
    install = join(root, "dependencies", "install");
    mkdirSync(tree, { recursive: true });
    mkdirSync(install, { recursive: true });
    writeFileSync(join(root, "tokens.json"), "server secret", { mode: 0o600 });
    writeFileSync(join(install, "module.js"), "original\n");
    await sandbox.handOver(tree);
    spec = { cwd: tree, writable: [tree], readOnly: [install], env: { PATH: "/usr/bin:/bin" } };
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it("runs as its own uid, with no groups, in a PID namespace where it is alone", async () => {
    const { code, output, errors } = await run(
      sandbox,
      'echo "$(id -u) $(id -G) $$"; ls /proc | grep -c "^[0-9]"; cat /proc/1/cmdline | tr "\\0" " "',
      spec,
    );
    assert.equal(code, 0, errors);
    const [ids, processes, first] = output.split("\n");
    assert.equal(ids, `${defaultSandboxUid} ${defaultSandboxUid} 1`, "its own uid and gid, pid 1");
    assert.ok(Number(processes) <= 4, `only its own processes: ${processes}`);
    assert.match(first ?? "", /^\/bin\/sh -c/, "pid 1 is the command itself, not the server");
  });

  it("gets exactly the environment it is given, and a private home and tmp", async () => {
    const { output } = await run(sandbox, "env | sort", {
      ...spec,
      env: { PATH: "/usr/bin:/bin", GIVEN: "yes" },
    });
    assert.deepEqual(
      output.split("\n").map((line) => line.split("=")[0]),
      ["GIVEN", "HOME", "PATH", "PWD", "TMPDIR", "npm_config_cache"],
    );
    const home = await run(sandbox, 'touch "$HOME/.gitconfig" /tmp/x && ls -A "$HOME" /tmp', spec);
    assert.equal(home.code, 0, home.errors);
  });

  it("writes its worktree, reads its install but cannot change it, and sees nothing else of the data directory", async () => {
    const { output, errors } = await run(
      sandbox,
      [
        "echo built > built.txt && echo tree-written",
        `cat ${install}/module.js`,
        `echo changed > ${install}/module.js || echo install-read-only`,
        `cat ${root}/tokens.json || echo tokens-hidden`,
        `ls ${root}`,
      ].join("; "),
      spec,
    );
    const lines = output.split("\n");
    assert.match(errors, /module\.js: Read-only file system/);
    assert.ok(lines.includes("tree-written"), output);
    assert.ok(lines.includes("original"), output);
    assert.ok(lines.includes("install-read-only"), output);
    assert.ok(lines.includes("tokens-hidden"), output);
    assert.ok(!output.includes("server secret"), output);
    assert.equal(lines.at(-2), "dependencies", "only the paths leading to its binds");
    assert.equal(lines.at(-1), "worktrees");
    assert.equal(readFileSync(join(install, "module.js"), "utf8"), "original\n");
    assert.equal(readFileSync(join(tree, "built.txt"), "utf8"), "built\n");
  });

  it("a check run on the host passes when the host can confine code", async () => {
    const trial = await sandbox.trial();
    assert.ok(trial.ok, JSON.stringify(trial));
    assert.match(trial.detail, new RegExp(`uid ${defaultSandboxUid}`));
  });
});
