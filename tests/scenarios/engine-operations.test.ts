import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { externalLockHeld } from "../../automation/engine/external-lock";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { installKey } from "../../automation/release-tree/dependencies";
import { deploymentsClient } from "../support/deployments-client";
import {
  sharedDependenciesDir,
  startReleaseWorld,
  type ReleaseWorld,
} from "../support/release-server";

describe("preview, refresh, cancel and outside locks through the automation server", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;

  before(async () => {
    world = await startReleaseWorld(
      ["production", "fresh"],
      {},
      { RELEASE_FIXTURE_UPDATE_DELAY_MS: "3000" },
    );
    client = deploymentsClient(world.server);
    const first = await client.deploy("production");
    assert.equal(first.status, "succeeded", JSON.stringify(first.error));
  });

  after(() => world.stop());

  it("reads a stack from the journal: a deployed one's recorded outputs, and never creates one", async () => {
    const read = async (stack: string) => {
      const response = await world.server.app.inject({
        url: `/stacks/${stack}`,
        headers: world.server.auth("reader"),
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<{
        outputs: Record<string, unknown>;
        outputsRecordedAt: string | null;
      }>();
    };
    const production = await read("production");
    assert.equal(production.outputs.apiFunctionName, "fd-production-api");
    assert.ok(production.outputsRecordedAt, "recorded by the deploy's up");

    const fresh = await read("fresh");
    assert.deepEqual(fresh.outputs, {});
    assert.equal(fresh.outputsRecordedAt, null);
    const stateFiles = readdirSync(world.server.dataDir, { recursive: true, encoding: "utf8" });
    assert.ok(stateFiles.some((file) => file.includes(join("stacks", "flightdeck", "production"))));
    assert.equal(
      stateFiles.some((file) => file.includes(join("stacks", "flightdeck", "fresh"))),
      false,
      "reading a stack created it in the state backend",
    );
  });

  it("preview on a stack never deployed is a first deploy's dry run: every service, and what it creates", async () => {
    const started = await client.start("fresh", "preview");
    assert.equal(started.status, 202);
    const preview = await client.finished(started.body.deployment.id);
    assert.equal(preview.status, "succeeded", JSON.stringify(preview.error));
    assert.equal(preview.kind, "preview");
    assert.deepEqual(
      preview.steps.map((s) => s.name),
      ["preflight", "change-analysis", "checkout", "install", "preview"],
    );
    const summary = preview.summary as {
      affected: string[];
      held: string[];
      changeSummary: Record<string, number>;
      plan: Array<{ op: string; type: string; name: string }>;
    };
    assert.deepEqual(summary.affected, ["api", "web", "mcp"]);
    assert.deepEqual(summary.held, [], "nothing is live, so no traffic is held");
    assert.deepEqual(Object.keys(summary.changeSummary), ["create"]);
    const created = summary.plan.filter((step) => step.op === "create").map((step) => step.name);
    for (const name of ["api-function", "api-live", "api-candidate", "web-cdn", "mcp-service"])
      assert.ok(created.includes(name), `${name} would be created: ${created.join(", ")}`);
    assert.equal(
      summary.changeSummary.create,
      summary.plan.length + 1,
      "the plan lists every resource but the stack",
    );
    const settings = await world.server.app.inject({
      url: "/stacks/fresh",
      headers: world.server.auth("reader"),
    });
    assert.equal(
      settings.json<{ lastRelease: unknown }>().lastRelease,
      null,
      "nothing was deployed",
    );
  });

  it("preview with nothing deployable changed says a deploy would be skipped", async () => {
    const started = await client.start("production", "preview");
    const preview = await client.finished(started.body.deployment.id);
    assert.equal(preview.status, "succeeded", JSON.stringify(preview.error));
    assert.deepEqual(preview.summary, {
      affected: [],
      reason: "nothing deployable changed since the last release: a deploy would end skipped",
    });
  });

  it("preview of an api change lists only what a deploy would change, with live traffic held", async () => {
    const commit = world.repo.commit(
      { "services/api/handler.ts": "export const api = 9;\n" },
      "api",
    );
    const started = await client.start("production", "preview", { ref: commit });
    const preview = await client.finished(started.body.deployment.id);
    assert.equal(preview.status, "succeeded", JSON.stringify(preview.error));
    const summary = preview.summary as {
      affected: string[];
      held: string[];
      plan: Array<{ op: string; name: string }>;
    };
    assert.deepEqual(summary.affected, ["api"]);
    assert.deepEqual(summary.held, ["api"]);
    // A new version is published and the candidate alias follows it; alias live is held.
    assert.deepEqual(summary.plan.map((step) => `${step.op} ${step.name}`).sort(), [
      "update api-candidate",
      "update api-function",
    ]);
  });

  it("refresh is journaled and succeeds", async () => {
    const started = await client.start("production", "refresh");
    const refresh = await client.finished(started.body.deployment.id);
    assert.equal(refresh.status, "succeeded", JSON.stringify(refresh.error));
    assert.equal((refresh.summary as { result: string }).result, "succeeded");
  });

  it("cancel stops a deploy mid-up cleanly, and the next deploy runs", async () => {
    world.repo.commit({
      "services/api/handler.ts": "export const api = 2;\n",
      "services/mcp/server.ts": "export const mcp = 2;\n",
    });
    const started = await client.start("production", "deploy");
    assert.equal(started.status, 202);
    const id = started.body.deployment.id;
    // Wait until the engine is updating the function (slowed down), then ask it to stop.
    const events = async () => (await world.server.app.journal.listEvents(id)).map((e) => e.data);
    for (
      let i = 0;
      i < 600 && !(await events()).some((e) => e.kind === "resource-started" && e.op === "update");
      i++
    ) {
      await sleep(50);
    }
    const cancel = await world.server.app.inject({
      method: "POST",
      url: `/deployments/${id}/cancel`,
      headers: world.server.auth("deployer"),
    });
    assert.equal(cancel.statusCode, 202);
    const cancelled = await client.finished(id);
    assert.equal(cancelled.status, "cancelled");
    assert.equal(cancelled.error?.code, "cancelled");
    assert.equal(cancelled.steps.at(-1)?.name, "up");
    assert.equal(cancelled.steps.at(-1)?.status, "cancelled");
    assert.equal(cancelled.releaseTag, undefined);
    assert.ok(
      (await events()).some((e) => e.kind === "cancelled"),
      "the engine reported the cancellation",
    );

    const next = await client.deploy("production");
    assert.equal(next.status, "succeeded", JSON.stringify(next.error));
    assert.deepEqual(next.affectedServices, ["api", "mcp"]);
  });

  it("an engineer's own `pulumi up` on the stack is reported as a clear 409, then the server deploys again", async () => {
    // The refresh that follows the last deploy holds the stack's lock too: the lock this
    // test waits for must be the engineer's.
    await client.atRest("production");
    // The engineer works from a clone of the repository, with the stack's settings as the
    // server keeps them, on the same state and passphrase: a local program, like the server's.
    const dataDir = world.server.dataDir;
    const engineerDir = join(dataDir, "engineer");
    execFileSync("git", ["clone", "--quiet", world.repo.remote!.dir, engineerDir]);
    const install = await installKey(engineerDir);
    symlinkSync(
      join(sharedDependenciesDir, install, "node_modules"),
      join(engineerDir, "node_modules"),
    );
    cpSync(
      join(dataDir, "workspaces", "production", "Pulumi.production.yaml"),
      join(engineerDir, "Pulumi.production.yaml"),
    );
    const backendUrl = pathToFileURL(join(dataDir, "state")).href;
    const { PULUMI_CONFIG_PASSPHRASE, ...engineEnv } = world.engine.envVars;
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "production", workDir: engineerDir },
      {
        pulumiCommand: world.engine.pulumiCommand,
        envVars: {
          ...engineEnv,
          ...world.aws.engineEnv,
          PULUMI_BACKEND_URL: backendUrl,
          PULUMI_CONFIG_PASSPHRASE_FILE: join(dataDir, "passphrases", "production"),
          RELEASE_FIXTURE_RUNTIME_URL: world.aws.runtime.url,
          RELEASE_FIXTURE_UPDATE_DELAY_MS: "4000",
        },
      },
    );
    await stack.setAllConfig({
      "flightdeck:stage": { value: "production" },
      "flightdeck:name": { value: "fd" },
    });
    await stack.setConfig("flightdeck:apiGitHash", { value: "e".repeat(40) });
    const engineerUp = stack.up();
    // Bounded at a minute: on a loaded machine the engine takes its time to start.
    for (
      let i = 0;
      i < 2400 && !(await externalLockHeld(backendUrl, "flightdeck", "production"));
      i++
    )
      await sleep(25);

    const refused = await client.start("production", "deploy", { force: true });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error?.code, "stack_locked");
    assert.match(
      refused.body.error?.message ?? "",
      /another pulumi process holds this stack's lock/,
    );
    assert.equal((await engineerUp).summary.result, "succeeded");

    const next = await client.deploy("production", { force: true });
    assert.equal(next.status, "succeeded", JSON.stringify(next.error));
  });
});
