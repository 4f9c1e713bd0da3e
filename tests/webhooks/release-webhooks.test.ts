import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import type { Operation, WebhookDelivery } from "../../automation/journal/journal";
import { deploymentsClient } from "../support/deployments-client";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import {
  startWebhookReceiver,
  verifySignature,
  type ReceivedWebhook,
  type WebhookReceiver,
} from "../support/webhook-receiver";

const chatSecret = "whsec-chat-0123456789abcdef0123";
const otherSecret = "whsec-other-0123456789abcdef0123";

interface Payload {
  id: string;
  event: string;
  text: string;
  operation: Operation & { link: string; durationMs: number };
  release?: { tag: number; services: string[]; reason: string };
}

const payloadOf = (request: ReceivedWebhook) => JSON.parse(request.body) as Payload;
const eventsAt = (receiver: WebhookReceiver, path: string) =>
  receiver.at(path).map((r) => payloadOf(r).event);

/** Signed notifications from the real server, engine and emulator to a loopback receiver. */
describe("webhooks of deploys and rollbacks", () => {
  let receiver: WebhookReceiver;
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let first: Operation;

  /** The operation's deliveries as the API lists them, once none is pending. */
  async function deliveries(id: string): Promise<WebhookDelivery[]> {
    for (let tries = 0; ; tries += 1) {
      const response = await world.server.app.inject({
        url: `/deployments/${id}/webhooks`,
        headers: world.server.auth("reader"),
      });
      assert.equal(response.statusCode, 200, response.body);
      const { items } = response.json<{ items: WebhookDelivery[] }>();
      if (items.every((d) => d.state !== "pending") || tries > 300) return items;
      await sleep(50);
    }
  }

  before(async () => {
    receiver = await startWebhookReceiver();
    const hook = (name: string, events: string[], secret = otherSecret) => ({
      name,
      url: receiver.url(`/${name}`),
      events,
      secret,
    });
    world = await startReleaseWorld(["production"], {
      FLIGHTDECK_WEBHOOKS: JSON.stringify([
        hook("chat", ["deploy.*", "release.marked_bad"], chatSecret),
        hook("flaky", ["deploy.succeeded"]),
        hook("slow", ["deploy.succeeded"]),
        hook("rollbacks", ["rollback.*"]),
      ]),
      FLIGHTDECK_WEBHOOK_RETRY_BASE_MS: "50",
      FLIGHTDECK_WEBHOOK_TIMEOUT_MS: "60000",
      FLIGHTDECK_WEBHOOK_SHUTDOWN_GRACE_MS: "1000",
      // A commit with this file fails its checks: a failed deploy that costs no engine run.
      FLIGHTDECK_CHECKS: JSON.stringify([
        "test -f node_modules/@pulumi/pulumi/package.json",
        "test ! -e fail-the-checks",
      ]),
    });
    client = deploymentsClient(world.server);
    first = await client.deploy("production");
    assert.equal(first.status, "succeeded", JSON.stringify(first.error));
  });

  after(async () => {
    await world?.stop();
    await receiver?.close();
  });

  it("a deploy sends a signed deploy.succeeded with the operation's summary and a chat line", async () => {
    const [request] = await receiver.waitFor("/chat", 1);
    assert.ok(verifySignature(chatSecret, request!.headers, request!.body), "signature");
    assert.ok(!verifySignature(otherSecret, request!.headers, request!.body));
    const payload = payloadOf(request!);
    assert.equal(request!.headers["x-flightdeck-delivery"], payload.id);
    assert.equal(payload.event, "deploy.succeeded");
    assert.equal(
      payload.text,
      "flightdeck: deploy #1 of production succeeded (api, web, mcp) by ops-admin",
    );
    const { operation } = payload;
    assert.deepEqual(
      [operation.id, operation.stack, operation.kind, operation.status, operation.releaseTag],
      [first.id, "production", "deploy", "succeeded", 1],
    );
    assert.equal(operation.commit, first.commit);
    assert.deepEqual(operation.versions, first.versions);
    assert.equal(operation.requestedBy, "ops-admin");
    assert.equal(operation.link, `/deployments/${first.id}`);
    assert.ok(operation.durationMs > 0);
    assert.deepEqual(
      operation.steps.map((s) => s.name),
      first.steps.map((s) => s.name),
    );

    const listed = await deliveries(first.id);
    assert.deepEqual(
      listed.map((d) => [d.webhook, d.event, d.state, d.attempts, d.lastStatus]),
      [
        ["chat", "deploy.succeeded", "delivered", 1, 200],
        ["flaky", "deploy.succeeded", "delivered", 1, 200],
        ["slow", "deploy.succeeded", "delivered", 1, 200],
      ],
      "the rollback.* webhook hears nothing of a deploy",
    );
    assert.equal(listed[0]?.id, payload.id);
    assert.equal(receiver.at("/rollbacks").length, 0);
  });

  it("a receiver answering 500 twice gets the third attempt, and the journal shows three", async () => {
    receiver.answer("/flaky", 500, 500);
    world.repo.commit({ "services/api/handler.ts": "export const api = 2;\n" }, "api 2");
    const deploy = await client.deploy("production");
    assert.equal(deploy.status, "succeeded", JSON.stringify(deploy.error));
    const flaky = (await deliveries(deploy.id)).find((d) => d.webhook === "flaky");
    assert.deepEqual(
      [flaky?.state, flaky?.attempts, flaky?.lastStatus, flaky?.lastError],
      ["delivered", 3, 200, undefined],
    );
    const attempts = receiver.at("/flaky").slice(-3);
    assert.ok(attempts.every((r) => payloadOf(r).operation.id === deploy.id));
    assert.equal(new Set(attempts.map((r) => r.headers["x-flightdeck-delivery"])).size, 1);
  });

  it("a receiver that hangs does not hold up the deploy, the stack or other receivers", async () => {
    const answer = receiver.hold("/slow");
    try {
      world.repo.commit({ "services/api/handler.ts": "export const api = 3;\n" }, "api 3");
      const deploy = await client.deploy("production");
      assert.equal(deploy.status, "succeeded", JSON.stringify(deploy.error));
      const held = await receiver.waitFor("/slow", 3);
      assert.equal(payloadOf(held.at(-1)!).operation.id, deploy.id);
      // The deploy has ended and let go of the stack while its notification hangs (the
      // refresh the server starts after a deploy may hold it now).
      assert.equal(world.server.app.runningOperations.isRunning(deploy.id), false);
      const holder = await world.server.app.journal.lockHolder("production");
      assert.ok(!holder || holder.requestedBy === "flightdeck", JSON.stringify(holder));
      const listed = await world.server.app.journal.webhookDeliveries(deploy.id);
      const slow = listed.find((d) => d.webhook === "slow");
      assert.deepEqual([slow?.state, slow?.attempts], ["pending", 0]);
      const chat = (await receiver.waitFor("/chat", 3)).at(-1)!;
      assert.equal(payloadOf(chat).operation.id, deploy.id, "the chat receiver was not held up");
      answer();
      const delivered = (await deliveries(deploy.id)).find((d) => d.webhook === "slow");
      assert.deepEqual([delivered?.state, delivered?.attempts], ["delivered", 1]);
    } finally {
      answer();
    }
  });

  it("a failed deploy sends deploy.failed, in order after the earlier deploys", async () => {
    world.repo.commit(
      { "fail-the-checks": "\n", "services/api/handler.ts": "export const api = 4;\n" },
      "fails its checks",
    );
    const deploy = await client.deploy("production");
    assert.equal(deploy.status, "failed");
    await deliveries(deploy.id);
    const chat = receiver.at("/chat").map(payloadOf);
    assert.deepEqual(
      chat.map((p) => [p.event, p.operation.releaseTag]),
      [
        ["deploy.succeeded", 1],
        ["deploy.succeeded", 2],
        ["deploy.succeeded", 3],
        ["deploy.failed", undefined],
      ],
    );
    assert.equal(
      chat.at(-1)?.text,
      "flightdeck: deploy of production failed (api) by ops-admin: check `test ! -e fail-the-checks` failed with exit code 1",
    );
    assert.equal(
      eventsAt(receiver, "/flaky").length,
      5,
      "1 + 3 attempts + 1, none for the failure",
    );
  });

  it("a rollback reaches the rollback.* webhook, and the release it marked bad is told", async () => {
    const rollback = await client.rollback("production", { services: ["api"] });
    assert.equal(rollback.status, "succeeded", JSON.stringify(rollback.error));
    const [request] = await receiver.waitFor("/rollbacks", 1);
    assert.equal(payloadOf(request!).event, "rollback.succeeded");
    assert.equal(
      payloadOf(request!).text,
      "flightdeck: rollback of production to #2 succeeded (api) by ops-admin",
    );
    const bad = payloadOf((await receiver.waitFor("/chat", 5))[4]!);
    assert.equal(bad.event, "release.marked_bad");
    assert.deepEqual(bad.release?.tag, 3);
    assert.deepEqual(bad.release?.services, ["api"]);
    assert.equal(
      bad.text,
      "flightdeck: release #3 of production marked bad (api) by ops-admin: rolled back to release 2",
    );
    assert.deepEqual(
      (await deliveries(rollback.id)).map((d) => [d.webhook, d.event, d.state]),
      [
        ["rollbacks", "rollback.succeeded", "delivered"],
        ["chat", "release.marked_bad", "delivered"],
      ],
    );
    assert.doesNotMatch(world.server.logs(), /whsec-/, "no secret reaches the logs");
  });
});
