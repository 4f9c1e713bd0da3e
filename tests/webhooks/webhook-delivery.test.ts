import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import Fastify from "fastify";
import type { Journal, Operation, WebhookDelivery } from "../../automation/journal/journal";
import { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { maskedJournal } from "../../automation/journal/masked-journal";
import { SecretMask } from "../../automation/secrets/secret-mask";
import { parseWebhooks, type WebhookSettings } from "../../automation/webhooks/webhook-config";
import { Webhooks } from "../../automation/webhooks/webhooks";
import {
  startWebhookReceiver,
  verifySignature,
  type WebhookReceiver,
} from "../support/webhook-receiver";

const secret = "whsec-delivery-test-0123456789abcdef";
/** A chat tool's incoming-webhook URL carries a credential in its path. */
const credentialPath = "/services/T000/credential-in-path";

/** Signing, retries, timeouts, order and shutdown of deliveries, against a real receiver. */
describe("webhook deliveries", () => {
  const dir = mkdtempSync(join(tmpdir(), "flightdeck-webhook-delivery-"));
  let journal: Journal;
  let receiver: WebhookReceiver;
  let logged = "";
  const log = Fastify({
    logger: {
      level: "debug",
      stream: new Writable({
        write: (chunk: Buffer, _encoding, done) => void ((logged += chunk.toString()), done()),
      }),
    },
  }).log;

  before(async () => {
    journal = maskedJournal(new SqliteJournal(join(dir, "journal.sqlite")), new SecretMask());
    receiver = await startWebhookReceiver();
  });

  after(async () => {
    await receiver.close();
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function webhooks(
    hooks: Array<{ name: string; path: string; events: string[] }>,
    settings: Partial<WebhookSettings> = {},
  ): Webhooks {
    const mask = new SecretMask();
    const entries = hooks.map(({ path, ...hook }) => ({
      ...hook,
      url: receiver.url(path),
      secret,
    }));
    return new Webhooks({
      targets: parseWebhooks(JSON.stringify(entries), "FLIGHTDECK_WEBHOOKS", mask),
      settings: { attempts: 3, retryBaseMs: 50, timeoutMs: 300, shutdownGraceMs: 200, ...settings },
      journal,
      mask,
      log,
    });
  }

  /** A deploy journaled from start to end, as the pipeline would leave it. */
  async function finishedDeploy(patch: Partial<Operation> = {}): Promise<Operation> {
    const started = await journal.recordOperation({
      stack: "production",
      kind: "deploy",
      requestedBy: "ci",
      request: {},
    });
    await journal.startStep(started.id, "up");
    await journal.finishStep(started.id, "up", "succeeded");
    return journal.finishOperation(started.id, {
      status: "succeeded",
      commit: "0123456789abcdef0123456789abcdef01234567",
      releaseTag: 18,
      affectedServices: ["api", "web"],
      ...patch,
    });
  }

  /** The operation's deliveries once none is pending. */
  async function settled(operationId: string, timeoutMs = 10_000): Promise<WebhookDelivery[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const deliveries = await journal.webhookDeliveries(operationId);
      if (deliveries.every((d) => d.state !== "pending")) return deliveries;
      if (Date.now() > deadline) throw new Error(`still pending: ${JSON.stringify(deliveries)}`);
      await sleep(20);
    }
  }

  it("signs each delivery so that the documented check accepts it, and only it", async () => {
    const hooks = webhooks([{ name: "chat", path: credentialPath, events: ["deploy.*"] }]);
    const deploy = await finishedDeploy();
    await hooks.notify(deploy);
    const [request] = await receiver.waitFor(credentialPath, 1);
    const { headers, body } = request!;
    assert.ok(verifySignature(secret, headers, body));
    assert.ok(!verifySignature(secret, headers, body.replace("succeeded", "failed")));
    assert.ok(!verifySignature("another-secret-0123456789", headers, body));
    const stale = {
      ...headers,
      "x-flightdeck-timestamp": String(Math.floor(Date.now() / 1000) - 600),
    };
    assert.ok(!verifySignature(secret, stale, body), "an old timestamp is refused");

    const payload = JSON.parse(body) as Record<string, Record<string, unknown>>;
    assert.equal(headers["x-flightdeck-delivery"], payload.id);
    assert.equal(headers["x-flightdeck-event"], "deploy.succeeded");
    assert.equal(headers["content-type"], "application/json");
    assert.equal(payload.event, "deploy.succeeded");
    assert.equal(payload.text, "flightdeck: deploy #18 of production succeeded (api, web) by ci");
    assert.equal(payload.operation?.link, `/deployments/${deploy.id}`);
    assert.equal(payload.operation?.releaseTag, 18);
    assert.equal(typeof payload.operation?.durationMs, "number");
    assert.deepEqual(payload.operation?.affectedServices, ["api", "web"]);

    const [delivery] = await settled(deploy.id);
    assert.equal(delivery?.id, payload.id);
    assert.deepEqual(
      [delivery?.state, delivery?.attempts, delivery?.lastStatus, delivery?.webhook],
      ["delivered", 1, 200, "chat"],
    );
    assert.equal(delivery?.target, new URL(receiver.url("/")).origin, "the origin, not the path");
    await hooks.close();
  });

  it("retries failures worth retrying with growing waits, and gives up on the rest at once", async () => {
    const hooks = webhooks([
      { name: "flaky", path: "/flaky", events: ["deploy.failed"] },
      { name: "refusing", path: "/refusing", events: ["*.failed"] },
    ]);
    receiver.answer("/flaky", 500, 503);
    receiver.answer("/refusing", 404);
    const deploy = await finishedDeploy({
      status: "failed",
      error: { code: "checks_failed", message: "check `npm test` <failed> & stopped" },
    });
    await hooks.notify(deploy);
    const [flaky, refusing] = await settled(deploy.id);
    assert.deepEqual([flaky?.state, flaky?.attempts, flaky?.lastStatus], ["delivered", 3, 200]);
    assert.equal(flaky?.lastError, undefined);
    const arrivals = receiver.at("/flaky").map((r) => r.at);
    assert.ok(
      arrivals[1]! - arrivals[0]! >= 50 && arrivals[2]! - arrivals[1]! >= 100,
      `arrivals ${arrivals.join(", ")}`,
    );
    assert.equal(
      new Set(receiver.at("/flaky").map((r) => r.headers["x-flightdeck-delivery"])).size,
      1,
    );
    assert.deepEqual([refusing?.state, refusing?.attempts], ["failed", 1]);
    assert.equal(refusing?.lastError, "the receiver answered HTTP 404: the receiver is failing");
    const text = (JSON.parse(receiver.at("/refusing")[0]!.body) as { text: string }).text;
    assert.equal(
      text,
      "flightdeck: deploy #18 of production failed (api, web) by ci: check `npm test` &lt;failed&gt; &amp; stopped",
    );
    await hooks.close();
  });

  it("times out a receiver that never answers, for each of the bounded attempts", async () => {
    const answer = receiver.hold("/silent");
    try {
      const hooks = webhooks([{ name: "silent", path: "/silent", events: ["*"] }]);
      const deploy = await finishedDeploy();
      const started = Date.now();
      await hooks.notify(deploy);
      assert.ok(Date.now() - started < 100, "notify returns at once");
      const [delivery] = await settled(deploy.id);
      assert.deepEqual([delivery?.state, delivery?.attempts], ["failed", 3]);
      assert.equal(delivery?.lastError, "no answer within 300 ms");
      assert.equal(receiver.at("/silent").length, 3);
      await hooks.close();
    } finally {
      answer();
    }
  });

  it("keeps each webhook's order through retries; one receiver's trouble does not delay another", async () => {
    const answer = receiver.hold("/stuck");
    try {
      const hooks = webhooks(
        [
          { name: "ordered", path: "/ordered", events: ["deploy.*"] },
          { name: "stuck", path: "/stuck", events: ["deploy.*"] },
        ],
        { timeoutMs: 5_000 },
      );
      receiver.answer("/ordered", 500);
      const first = await finishedDeploy({ releaseTag: 20 });
      const second = await finishedDeploy({ releaseTag: 21 });
      await hooks.notify(first);
      await hooks.notify(second);
      const seen = await receiver.waitFor("/ordered", 3, 3_000);
      const tags = seen.map(
        (r) => (JSON.parse(r.body) as { operation: { releaseTag: number } }).operation.releaseTag,
      );
      assert.deepEqual(tags, [20, 20, 21], "the retried first delivery lands before the second");
      assert.equal(receiver.at("/stuck").length, 1, "the stuck one holds only its own queue");
      answer();
      assert.deepEqual(
        (await settled(second.id)).map((d) => [d.webhook, d.state]),
        [
          ["ordered", "delivered"],
          ["stuck", "delivered"],
        ],
      );
      await hooks.close();
    } finally {
      answer();
    }
  });

  it("on close, gives pending deliveries the grace, then journals them not delivered", async () => {
    const answer = receiver.hold("/closing");
    try {
      const hooks = webhooks([{ name: "closing", path: "/closing", events: ["*"] }], {
        timeoutMs: 10_000,
        shutdownGraceMs: 300,
      });
      const first = await finishedDeploy();
      const second = await finishedDeploy();
      await hooks.notify(first);
      await hooks.notify(second);
      await receiver.waitFor("/closing", 1);
      const closing = Date.now();
      await hooks.close();
      const took = Date.now() - closing;
      assert.ok(took >= 250 && took < 3_000, `closed in ${took} ms`);
      const [sent] = await journal.webhookDeliveries(first.id);
      const [queued] = await journal.webhookDeliveries(second.id);
      assert.deepEqual([sent?.state, sent?.attempts], ["failed", 1]);
      assert.match(
        sent?.lastError ?? "",
        /not delivered: the server shut down before the receiver answered/,
      );
      assert.deepEqual([queued?.state, queued?.attempts], ["failed", 0]);
      assert.equal(
        queued?.lastError,
        "not delivered: the server shut down before the first attempt",
      );
    } finally {
      answer();
    }
  });

  it("logs no secret and no URL path", () => {
    assert.match(logged, /webhook/);
    assert.doesNotMatch(logged, /whsec|credential-in-path/);
  });
});
