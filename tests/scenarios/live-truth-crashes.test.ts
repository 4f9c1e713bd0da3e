import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, afterEach, before, describe, it } from "node:test";
import { otherMcpSide, type McpSide } from "../../automation/domain/mcp-blue-green-outputs";
import type { Operation } from "../../automation/journal/journal";
import {
  awsPointers,
  mcpListenerWeights,
  mcpSideTasks,
  webCohortWeight,
} from "../support/aws-pointers";
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from "../support/fault-proxy";
import {
  exitCode,
  killGroup,
  startProcessWorld,
  type ProcessWorld,
  type ServerProcess,
} from "../support/server-processes";

const updateAlias = (r: ProxiedRequest) => r.method === "PUT" && /\/aliases\/live$/.test(r.path);

/** A ModifyListener (ELBv2's query protocol) giving all of the listener's weight to `group`. */
function allWeightTo(body: string, group: string): boolean {
  const form = new URLSearchParams(body);
  if (form.get("Action") !== "ModifyListener") return false;
  for (const [name, value] of form)
    if (name.endsWith(".TargetGroupArn") && value === group)
      return form.get(name.replace(/TargetGroupArn$/, "Weight")) === "100";
  return false;
}

describe("live truth across crashes: write-ahead moves, canary weights, leases", () => {
  let proxy: FaultProxy;
  let world: ProcessWorld;
  let outputs: Record<string, string>;

  const pointers = () => awsPointers(world.aws.moto.endpoint, outputs);
  const operation = async (server: ServerProcess, id: string) =>
    (await world.call(`${server.url}/deployments/${id}`)).body as unknown as Operation;
  const live = async (server: ServerProcess) =>
    (await world.call(`${server.url}/stacks/production`)).body.live as Record<
      string,
      { pointer: string; tag: number; weights?: Record<string, number> }
    >;
  const outputsOf = async (server: ServerProcess) =>
    (await world.call(`${server.url}/stacks/production`)).body.outputs as Record<string, unknown>;
  async function deployed(server: ServerProcess, body: Record<string, unknown> = {}) {
    const id = await world.begin(server.url, "/stacks/production/deploy", body);
    return world.finished(server.url, id);
  }
  async function killed(server: ServerProcess) {
    killGroup(server.child);
    await exitCode(server.child);
  }
  /**
   * After a server was killed with weight on the alias: a server started again leaves the
   * stable version serving alone and the deploy interrupted, and records no weight live.
   */
  async function restartedToStable(id: string, stable: string): Promise<ServerProcess> {
    const restarted = await world.start();
    const after = await pointers();
    assert.deepEqual(after.apiWeights, {});
    assert.equal(after.api, stable, "the stable version serves alone");
    assert.equal((await operation(restarted, id)).status, "interrupted");
    assert.equal((await live(restarted)).api!.weights, undefined);
    return restarted;
  }

  before(async () => {
    proxy = await startFaultProxy();
    world = await startProcessWorld({ awsEndpoint: proxy.url });
    proxy.forwardTo(world.aws.moto.endpoint);
  });

  afterEach((t) => {
    const failed = (t as { passed?: boolean }).passed === false;
    if (failed) world.logs.forEach((log, i) => console.error(`--- server ${i + 1} ---\n${log}`));
    world.logs.length = 0;
  });

  after(async () => {
    await world.stop();
    await proxy.stop();
  });

  it("a server killed right after UpdateAlias answered: after restart the journal has the alias AWS has", async () => {
    const first = await world.start();
    assert.equal((await deployed(first)).status, "succeeded");
    outputs = (await world.call(`${first.url}/stacks/production`)).body.outputs as Record<
      string,
      string
    >;
    world.repo.commit({ "services/api/handler.ts": "export const api = 2;\n" }, "api");
    const second = await deployed(first);
    assert.equal(second.status, "succeeded", JSON.stringify(second.error));
    const released = await live(first);
    const version2 = released.api!.pointer;

    // The emulator moves the alias; its answer never reaches the server.
    proxy.afterAnswer({ match: updateAlias, action: () => killGroup(first.child) });
    const rollbackId = await world.begin(first.url, "/stacks/production/rollback", {
      services: ["api"],
      confirm: true,
    });
    await exitCode(first.child);
    const aliasNow = (await pointers()).api!;
    assert.notEqual(aliasNow, version2, "the alias moved before the kill");

    const restarted = await world.start();
    assert.equal((await live(restarted)).api!.pointer, aliasNow, "the journal has what AWS has");
    const interrupted = await operation(restarted, rollbackId);
    assert.equal(interrupted.status, "interrupted");
    const events = await fetch(`${restarted.url}/deployments/${rollbackId}/events`, {
      headers: { authorization: "Bearer process-test-admin-token-0123456789" },
    });
    assert.match(await events.text(), /recovery: api runs .* in AWS; live state records it/);

    // A bad build now leaves the version the rollback left live in place, not version 2:
    // held on it during `up`, caught before traffic.
    const bad = world.repo.commit({ "services/api/handler.ts": "export const api = 3;\n" }, "api");
    world.aws.runtime.failHash("api", bad);
    const failed = await deployed(restarted);
    assert.equal(failed.status, "failed");
    assert.match(
      failed.error?.message ?? "",
      /api never took traffic/,
      JSON.stringify(failed.error),
    );
    assert.equal((await pointers()).api, aliasNow);
    assert.equal((await live(restarted)).api!.pointer, aliasNow);
    await killed(restarted);
  });

  it("a canary killed mid-bake leaves no weight on the alias once a server is back", async () => {
    const server = await world.start();
    const stable = (await pointers()).api!;
    world.repo.commit({ "services/api/handler.ts": "export const api = 4;\n" }, "api");
    const id = await world.begin(server.url, "/stacks/production/deploy", {
      canary: { weight: 50, bakeSeconds: 120 },
    });
    while (Object.keys((await pointers()).apiWeights).length === 0) {
      assert.equal((await operation(server, id)).status, "running");
      await sleep(200);
    }
    await killed(server);
    assert.notDeepEqual((await pointers()).apiWeights, {}, "the kill left the weight behind");

    await killed(await restartedToStable(id, stable));
  });

  for (const killAt of [10, 50]) {
    it(`a three-step rollout killed at ${killAt} % settles to the stable version once a server is back`, async () => {
      const server = await world.start();
      const stable = (await pointers()).api!;
      world.repo.commit(
        { "services/api/handler.ts": `export const api = "kill at ${killAt}";\n` },
        "api",
      );
      const id = await world.begin(server.url, "/stacks/production/deploy", {
        rollout: {
          api: {
            steps: [{ weight: 10, pause: "2s" }, { weight: 50, pause: "manual" }, { weight: 100 }],
          },
        },
      });
      const weightNow = async () =>
        Math.round((Object.values((await pointers()).apiWeights)[0] ?? 0) * 100);
      while ((await weightNow()) !== killAt) {
        assert.equal((await operation(server, id)).status, "running");
        await sleep(100);
      }
      await killed(server);
      assert.equal(await weightNow(), killAt, "the kill left the weight behind");

      const restarted = await restartedToStable(id, stable);
      assert.equal((await live(restarted)).api!.pointer, stable);
      await killed(restarted);
    });
  }

  it("a web rollout killed at 50 % settles to the live release for every viewer once a server is back", async () => {
    const server = await world.start();
    const stable = (await pointers()).web;
    world.repo.commit(
      { "services/web/index.html": "<html><head><title>killed</title></head></html>\n" },
      "web",
    );
    const id = await world.begin(server.url, "/stacks/production/deploy", {
      rollout: { web: { steps: [{ weight: 50, pause: "manual" }, { weight: 100 }] } },
    });
    const cohortWeight = () => webCohortWeight(world.aws.moto.endpoint, outputs);
    while ((await cohortWeight()) !== 50) {
      assert.equal((await operation(server, id)).status, "running");
      await sleep(100);
    }
    await killed(server);
    assert.equal(await cohortWeight(), 50, "the kill left the cohort behind");

    const restarted = await world.start();
    assert.deepEqual([(await pointers()).web, await cohortWeight()], [stable, 0]);
    assert.equal((await operation(restarted, id)).status, "interrupted");
    assert.equal((await live(restarted)).web!.weights, undefined);
    await killed(restarted);
  });

  it("an mcp rollout killed at 30 % gives the live side all traffic once a server is back", async () => {
    const server = await world.start();
    const mcpOutputs = await outputsOf(server);
    const listener = () => mcpListenerWeights(world.aws.moto.endpoint, mcpOutputs);
    const liveSide = mcpOutputs.mcpLiveSide as McpSide;
    const idleSide = otherMcpSide(liveSide);
    world.repo.commit({ "services/mcp/server.ts": "export const mcp = 'killed';\n" }, "mcp");
    const id = await world.begin(server.url, "/stacks/production/deploy", {
      rollout: { mcp: { steps: [{ weight: 30, pause: "manual" }, { weight: 100 }] } },
    });
    while ((await listener())[idleSide] !== 30) {
      assert.equal((await operation(server, id)).status, "running");
      await sleep(100);
    }
    await killed(server);
    assert.equal((await listener())[idleSide], 30, "the kill left the share behind");

    const restarted = await world.start();
    assert.deepEqual(await listener(), { [liveSide]: 100, [idleSide]: 0 });
    assert.equal((await operation(restarted, id)).status, "interrupted");
    assert.equal((await live(restarted)).mcp!.weights, undefined);
    await killed(restarted);
  });

  it("an mcp deploy killed while its idle side is checked leaves that side no tasks once a server is back", async () => {
    const server = await world.start();
    const mcpOutputs = await outputsOf(server);
    const liveSide = mcpOutputs.mcpLiveSide as McpSide;
    const idleSide = otherMcpSide(liveSide);
    const idleService = (mcpOutputs.mcpServiceNames as Record<string, string>)[idleSide]!;
    world.repo.commit({ "services/mcp/server.ts": "export const mcp = 'checked';\n" }, "mcp");
    // Killed as ECS answers the idle side's scale-up, before any weight moves to it.
    proxy.afterAnswer({
      match: (r) =>
        r.target.endsWith(".UpdateService") &&
        r.body.includes(`"${idleService}"`) &&
        !/"desiredCount":\s*0\b/.test(r.body),
      action: () => killGroup(server.child),
    });
    const id = await world.begin(server.url, "/stacks/production/deploy", {
      rollout: { mcp: { steps: [{ weight: 30, pause: "manual" }, { weight: 100 }] } },
    });
    await exitCode(server.child);
    assert.ok((await mcpSideTasks(world.aws.moto.endpoint, mcpOutputs))[idleSide]! > 0);

    const restarted = await world.start();
    assert.equal((await operation(restarted, id)).status, "interrupted");
    const tasks = await mcpSideTasks(world.aws.moto.endpoint, mcpOutputs);
    assert.equal(tasks[idleSide], 0, "the idle side, which took no traffic, runs nothing");
    assert.ok(tasks[liveSide]! > 0, "the live side serves on");
    assert.deepEqual(await mcpListenerWeights(world.aws.moto.endpoint, mcpOutputs), {
      [liveSide]: 100,
      [idleSide]: 0,
    });
    await killed(restarted);
  });

  it("an mcp rollout killed once the new side has all traffic keeps it live through the next up", async () => {
    const server = await world.start();
    const mcpOutputs = await outputsOf(server);
    const listener = () => mcpListenerWeights(world.aws.moto.endpoint, mcpOutputs);
    const liveSide = mcpOutputs.mcpLiveSide as McpSide;
    const idleSide = otherMcpSide(liveSide);
    const idleGroup = (mcpOutputs.mcpTargetGroups as Record<string, string>)[idleSide]!;
    world.repo.commit({ "services/mcp/server.ts": "export const mcp = 'promoted';\n" }, "mcp");
    // Killed as ModifyListener answers with all the weight on the new side, before the
    // server writes that side into the stack's settings.
    proxy.afterAnswer({
      match: (r) => allWeightTo(r.body, idleGroup),
      action: () => killGroup(server.child),
    });
    const id = await world.begin(server.url, "/stacks/production/deploy", {
      rollout: { mcp: { steps: [{ weight: 100 }] } },
    });
    await exitCode(server.child);
    assert.equal((await listener())[idleSide], 100);

    const restarted = await world.start();
    assert.equal((await operation(restarted, id)).status, "interrupted");
    assert.equal(
      (await mcpSideTasks(world.aws.moto.endpoint, mcpOutputs))[liveSide],
      0,
      "the side that lost all traffic runs nothing",
    );
    // The next `up` declares the side AWS has, not the one the killed deploy started from.
    const next = await deployed(restarted, { force: true });
    assert.equal(next.status, "succeeded", JSON.stringify(next.error));
    assert.equal((await listener())[idleSide], 100, "the new side stays live");
    const after = await outputsOf(restarted);
    assert.equal(after.mcpLiveSide, idleSide);
    await killed(restarted);
  });

  it("a second server on the same journal leaves the first's deploy alone; it recovers it once the lease lapses", async () => {
    const lease = { FLIGHTDECK_LEASE_MS: "3000" };
    const first = await world.start(lease);
    world.repo.commit({ "services/api/handler.ts": "export const api = 5;\n" }, "api");
    // A canary's pause keeps the deploy running as long as the test needs.
    const id = await world.begin(first.url, "/stacks/production/deploy", {
      canary: { weight: 50, bakeSeconds: 300 },
    });
    await world.streamShows(first.url, id, '"step":"rollout","status":"running"');

    const second = await world.start(lease);
    await sleep(2_000);
    assert.equal((await operation(second, id)).status, "running", "not interrupted by the second");
    const refused = await world.call(`${second.url}/stacks/production/deploy`, "POST", {});
    assert.equal(refused.status, 409);
    assert.equal((refused.body.error as { code: string }).code, "stack_busy");

    // The first stops answering (its whole group paused): alive, but its lease lapses.
    process.kill(-first.child.pid!, "SIGSTOP");
    let seen = await operation(second, id);
    for (let i = 0; i < 100 && seen.status === "running"; i++) {
      await sleep(200);
      seen = await operation(second, id);
    }
    assert.equal(seen.status, "interrupted");
    // Woken up, the first learns it lost the operation and does not overwrite the outcome.
    process.kill(-first.child.pid!, "SIGCONT");
    await sleep(4_000);
    assert.equal((await operation(second, id)).status, "interrupted");
    await killed(first);

    let next: { status: number; body: Record<string, unknown> } | undefined;
    for (let i = 0; i < 120; i++) {
      next = await world.call(`${second.url}/stacks/production/deploy`, "POST", {});
      if (next.status !== 409) break;
      await sleep(500);
    }
    assert.equal(next?.status, 202, JSON.stringify(next?.body));
    const recovered = await world.finished(second.url, (next.body.deployment as Operation).id);
    assert.equal(recovered.status, "succeeded", JSON.stringify(recovered.error));
    await killed(second);
  });
});
