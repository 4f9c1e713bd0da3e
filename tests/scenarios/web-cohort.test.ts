import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createAwsClients } from "../../automation/aws/aws-clients";
import type { LiveService } from "../../automation/domain/live-state";
import type { MoveContext } from "../../automation/traffic/journaled-move";
import { readPointer } from "../../automation/traffic/read-pointer";
import { setWebCohort } from "../../automation/traffic/set-web-cohort";
import { readWebCohort, webCohortCookie } from "../../automation/traffic/web-cohort";
import { deploymentsClient } from "../support/deployments-client";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { hashesForCohorts, visitWeb } from "../support/web-viewer";

describe("the web cohort canary, observed through the service runtime", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let older: string;
  let newer: string;
  let webUrl: string;
  let context: MoveContext;
  let stable: LiveService;

  const visit = (viewer: { cohort?: string; agent?: string }) => visitWeb(webUrl, viewer);
  const hashesFor = (cohorts: string[]) => hashesForCohorts(webUrl, cohorts);

  before(async () => {
    world = await startReleaseWorld(["production"]);
    client = deploymentsClient(world.server);
    assert.equal((await client.deploy("production")).status, "succeeded");
    older = (await client.outputs("production")).webLiveRelease!;
    await client.atRest("production");
    world.repo.commit(
      { "services/web/index.html": "<html><head><title>v2</title></head><body>v2</body></html>\n" },
      "Change the web",
    );
    assert.equal((await client.deploy("production")).status, "succeeded");
    newer = (await client.outputs("production")).webLiveRelease!;
    assert.notEqual(newer, older);
    await client.atRest("production");
    // The older release live again, the newer one kept in the bucket: the canary's two sides.
    const rollback = await client.rollback("production", { services: ["web"] });
    assert.equal(rollback.status, "succeeded", JSON.stringify(rollback.error));
    await client.atRest("production");

    const { journal } = world.server.app;
    const live = await journal.liveState("production");
    assert.ok(live, "the stack has a live state");
    stable = live.services.web;
    assert.equal(stable.pointer, older);
    const begun = await journal.beginOperation({
      stack: "production",
      kind: "deploy",
      requestedBy: "web-cohort-test",
      request: {},
    });
    assert.ok("operation" in begun, "the stack is free");
    context = {
      journal,
      operationId: begun.operation.id,
      stack: "production",
      aws: createAwsClients(world.aws.aws),
      outputs: live.outputs,
    };
    webUrl = `${world.aws.runtime.url}/web/${live.outputs.webDistributionId}/`;
  });

  after(async () => {
    await world?.server.app.journal.finishOperation(context.operationId, { status: "succeeded" });
    await world?.stop();
  });

  it("with no cohort written, every viewer gets the live release", async () => {
    assert.deepEqual(await hashesFor(["0", "49", "99"]), [older, older, older]);
    assert.deepEqual(
      await readWebCohort(context.aws, context.outputs).then((o) => o.cohort),
      undefined,
    );
  });

  it("at 50 % toward the newer release, cohorts below 50 get its prefix and the rest the live one", async () => {
    await setWebCohort(context, stable, { release: newer, weight: 50 });
    const below = ["0", "7", "25", "49"];
    const above = ["50", "63", "88", "99"];
    assert.deepEqual(
      await hashesFor(below),
      below.map(() => newer),
    );
    assert.deepEqual(
      await hashesFor(above),
      above.map(() => older),
    );

    const observed = await readWebCohort(context.aws, context.outputs);
    assert.deepEqual(observed.cohort, { release: newer, weight: 50 });
    assert.deepEqual(await readPointer(context.aws, context.outputs, "web"), {
      pointer: older,
      weights: { [newer]: 0.5 },
    });
    const moves = await context.journal.pointerMoves(context.operationId);
    assert.deepEqual(
      moves.map((move) => [move.service, move.from, move.to, move.state, move.target.weights]),
      [["web", older, older, "moved", { [newer]: 0.5 }]],
    );
    const live = await context.journal.liveState("production");
    assert.deepEqual(live?.services.web.weights, { [newer]: 0.5 });
  });

  it("a viewer without the cookie is given a cohort, and keeps the side it was routed to", async () => {
    for (const agent of [
      "browser-a",
      "browser-b",
      "browser-c",
      "browser-d",
      "browser-e",
      "browser-f",
    ]) {
      const first = await visit({ agent });
      const cohort = new RegExp(`^${webCohortCookie}=(\\d{1,2});`).exec(first.setCookie ?? "")?.[1];
      assert.ok(cohort !== undefined, `a cookie is set: ${first.setCookie}`);
      assert.match(first.setCookie ?? "", /Path=\/; Max-Age=31536000; Secure; SameSite=Lax/);
      assert.equal(first.hash, Number(cohort) < 50 ? newer : older, `cohort ${cohort}`);
      const again = await visit({ agent, cohort });
      assert.equal(again.hash, first.hash, "the cookie keeps the viewer on its side");
      assert.equal(again.setCookie, null, "a viewer with the cookie is not given another");
    }
  });

  it("back at 0 %, everyone gets the live release again", async () => {
    await setWebCohort(context, stable, { release: newer, weight: 0 });
    assert.deepEqual(await hashesFor(["0", "25", "49", "50", "99"]), Array(5).fill(older));
    assert.deepEqual(await readPointer(context.aws, context.outputs, "web"), { pointer: older });
  });

  it("refuses a weight that is not a whole percent from 0 to 100, without moving anything", async () => {
    const before = await context.journal.pointerMoves(context.operationId);
    await assert.rejects(
      setWebCohort(context, stable, { release: newer, weight: 150 }),
      /0 to 100/,
    );
    assert.equal((await context.journal.pointerMoves(context.operationId)).length, before.length);
  });
});
