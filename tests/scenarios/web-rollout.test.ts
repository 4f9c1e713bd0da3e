import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { createAwsClients } from "../../automation/aws/aws-clients";
import type { StackOutputs } from "../../automation/domain/stack-outputs";
import { readWebCohort } from "../../automation/traffic/web-cohort";
import { deploymentsClient } from "../support/deployments-client";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { hashesForCohorts, visitWeb } from "../support/web-viewer";

const below = ["0", "12", "31", "49"];
const above = ["50", "64", "77", "99"];

describe("a web rollout by viewer cohorts, through the deploy", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let webUrl: string;
  let outputs: StackOutputs;

  const cohortStore = async () =>
    (await readWebCohort(createAwsClients(world.aws.aws), outputs)).cohort;

  /** Starts a web change rolled out 50 % then 100 %, held at 50 % until someone acts. */
  async function rollOutWebChange(label: string): Promise<{ id: string; commit: string }> {
    const commit = world.repo.commit(
      { "services/web/index.html": `<html><head><title>${label}</title></head></html>\n` },
      `web ${label}`,
    );
    const started = await client.start("production", "deploy", {
      rollout: { web: { steps: [{ weight: 50, pause: "manual" }, { weight: 100 }] } },
    });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const id = started.body.deployment.id;
    for (;;) {
      const events = await world.server.app.journal.listEvents(id);
      if (events.some((e) => e.data.kind === "rollout" && e.data.state === "paused"))
        return { id, commit };
      const operation = await client.get(id);
      assert.equal(operation.status, "running", JSON.stringify(operation.error));
      await sleep(50);
    }
  }

  async function command(id: string, kind: "promote" | "abort", token: "deployer" | "admin") {
    const response = await fetch(`${await world.server.url()}/deployments/${id}/${kind}`, {
      method: "POST",
      headers: { ...world.server.auth(token), "content-type": "application/json" },
      body: JSON.stringify({ reason: "web test" }),
    });
    assert.equal(response.status, 202, await response.text());
  }

  before(async () => {
    world = await startReleaseWorld(["production"], { FLIGHTDECK_CANARY_PROBE_INTERVAL_MS: "100" });
    client = deploymentsClient(world.server);
    assert.equal((await client.deploy("production")).status, "succeeded");
    await client.atRest("production");
    const live = await world.server.app.journal.liveState("production");
    outputs = live!.outputs;
    webUrl = `${world.aws.runtime.url}/web/${outputs.webDistributionId}/`;
  });

  after(() => world.stop());

  it("at 50 % the cohorts below 50 get the new release, then promoted everyone does", async () => {
    const stable = (await visitWeb(webUrl, {})).hash;
    const { id, commit } = await rollOutWebChange("promoted");
    assert.deepEqual(await cohortStore(), { release: commit, weight: 50 });
    assert.deepEqual(
      await hashesForCohorts(webUrl, below),
      below.map(() => commit),
    );
    assert.deepEqual(
      await hashesForCohorts(webUrl, above),
      above.map(() => stable),
    );
    // A new viewer is given a cohort and gets that cohort's side.
    const fresh = await visitWeb(webUrl, { agent: "new-viewer" });
    const cohort = Number(/flightdeck-cohort=(\d+)/.exec(fresh.setCookie ?? "")?.[1]);
    assert.equal(fresh.hash, cohort < 50 ? commit : stable);

    await command(id, "promote", "deployer");
    const operation = await client.finished(id);
    assert.equal(operation.status, "succeeded", JSON.stringify(operation.error));
    const step = operation.steps.find((s) => s.name === "rollout");
    assert.deepEqual([step?.detail?.service, step?.detail?.reached], ["web", 100]);
    assert.deepEqual(
      await hashesForCohorts(webUrl, [...below, ...above]),
      [...below, ...above].map(() => commit),
    );
    assert.equal((await visitWeb(webUrl, {})).hash, commit);
    assert.deepEqual(await cohortStore(), { release: commit, weight: 0 });
    assert.equal((await client.outputs("production")).webLiveRelease, commit);
    await client.atRest("production");
  });

  it("aborted at 50 %, every viewer is back on the live release and the release is bad", async () => {
    const stable = (await visitWeb(webUrl, {})).hash;
    const { id, commit } = await rollOutWebChange("aborted");
    assert.equal((await hashesForCohorts(webUrl, ["0"]))[0], commit);
    await command(id, "abort", "admin");
    const operation = await client.finished(id);
    assert.equal(operation.status, "failed");
    assert.equal(operation.error?.code, "rollout_aborted");
    assert.match(operation.error?.message ?? "", /web rollout .* stopped at 50 %/);
    assert.deepEqual(
      await hashesForCohorts(webUrl, [...below, ...above]),
      [...below, ...above].map(() => stable),
    );
    assert.equal((await cohortStore())?.weight, 0);
    const bad = await world.server.app.journal.badReleases("production");
    assert.ok(
      bad.some((mark) => mark.tag === operation.releaseTag),
      JSON.stringify(bad),
    );
    await client.atRest("production");
  });
});
