import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { after, describe, it } from "node:test";
import { loadConfig } from "../../automation/config";
import { eventsMatching, outcomeEvent } from "../../automation/webhooks/webhook-events";
import type { Operation } from "../../automation/journal/journal";

const secret = "whsec-0123456789abcdef-never-echoed";
const slackUrl = "https://hooks.chat.example/services/T000/B000/credential-in-path";
const hook = (fields: Record<string, unknown>) =>
  JSON.stringify([{ url: slackUrl, events: ["deploy.*"], secret, ...fields }]);

/** Loads the config, expecting it to refuse: the message, checked never to quote a secret. */
function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    const message = (error as Error).message;
    assert.doesNotMatch(message, /whsec|credential-in-path/, message);
    return message;
  }
  assert.fail(`accepted ${JSON.stringify(env)}`);
}

describe("webhook settings", () => {
  const dir = mkdtempSync(join(tmpdir(), "flightdeck-webhooks-config-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads FLIGHTDECK_WEBHOOKS: url, events, secret and an optional name", () => {
    const config = loadConfig({
      FLIGHTDECK_WEBHOOKS: JSON.stringify([
        { url: slackUrl, events: ["deploy.succeeded", "rollback.*"], secret },
        { url: "http://127.0.0.1:9000/hooks", events: ["*"], secret, name: "pager" },
      ]),
    });
    const [chat, pager] = config.webhooks;
    assert.equal(chat?.name, "hooks.chat.example");
    assert.equal(chat?.url.href, slackUrl);
    assert.deepEqual(chat?.events, ["deploy.succeeded", "rollback.*"]);
    assert.equal(pager?.name, "pager");
    // The key is a KeyObject: no log line or dump of the config shows it.
    assert.doesNotMatch(JSON.stringify(config.webhooks) + inspect(config, { depth: 9 }), /whsec/);
    // And the mask hides it wherever it would appear.
    assert.equal(config.secretMask.text(`signed with ${secret}`), "signed with [secret]");
  });

  it("reads the same JSON from FLIGHTDECK_WEBHOOKS_FILE, only from a file private to its owner", () => {
    const file = join(dir, "webhooks.json");
    writeFileSync(file, hook({ name: "from-file" }), { mode: 0o600 });
    assert.equal(loadConfig({ FLIGHTDECK_WEBHOOKS_FILE: file }).webhooks[0]?.name, "from-file");
    chmodSync(file, 0o644);
    assert.match(
      refusal({ FLIGHTDECK_WEBHOOKS_FILE: file }),
      /FLIGHTDECK_WEBHOOKS_FILE .* is open to group or others \(mode 0644\)/,
    );
    assert.match(
      refusal({ FLIGHTDECK_WEBHOOKS_FILE: file, FLIGHTDECK_WEBHOOKS: hook({}) }),
      /set FLIGHTDECK_WEBHOOKS or FLIGHTDECK_WEBHOOKS_FILE, not both/,
    );
  });

  it("refuses bad entries naming the variable and the entry, never quoting a secret or URL", () => {
    const cases: Array<[string, RegExp]> = [
      [
        `[{"url": "${slackUrl}", "secret": "${secret}`,
        /^FLIGHTDECK_WEBHOOKS is not valid JSON; it must be a list/,
      ],
      [JSON.stringify({ url: slackUrl }), /^FLIGHTDECK_WEBHOOKS must be a JSON list/],
      [hook({ secret: "short" }), /entry 1: secret must be a string of at least 16 characters/],
      [hook({ url: "ftp://files.example/credential-in-path" }), /entry 1: url must be an http/],
      [hook({ url: "not a url credential-in-path" }), /entry 1: url must be an http/],
      [hook({ url: "https://u:credential-in-path@x.example/" }), /must not carry a user/],
      [hook({ events: [] }), /entry 1: events must be a non-empty list/],
      [
        hook({ events: ["deploy.succeded"] }),
        /entry 1: events: "deploy.succeded" matches no event; known: deploy.succeeded, /,
      ],
      [hook({ name: "has space" }), /entry 1: name must be 1 to 64 letters/],
      [hook({ secrte: "x" }), /entry 1 has an unknown field "secrte"/],
      [JSON.stringify([{ url: slackUrl, events: ["*"], secret }, 7]), /entry 2 must be an object/],
    ];
    for (const [value, expected] of cases) {
      const message = refusal({ FLIGHTDECK_WEBHOOKS: value });
      assert.match(message, /FLIGHTDECK_WEBHOOKS/);
      assert.match(message, expected);
    }
    assert.match(
      refusal({ FLIGHTDECK_WEBHOOK_ATTEMPTS: "0" }),
      /FLIGHTDECK_WEBHOOK_ATTEMPTS must be an integer from 1 to 20/,
    );
  });

  it("patterns: `*` is every event, and stands for a part of one elsewhere", () => {
    assert.equal(eventsMatching("*").length, 9);
    assert.deepEqual(eventsMatching("rollback.*"), [
      "rollback.succeeded",
      "rollback.failed",
      "rollback.cancelled",
    ]);
    assert.deepEqual(eventsMatching("*.failed"), ["deploy.failed", "rollback.failed"]);
    assert.deepEqual(eventsMatching("deploy.succeeded"), ["deploy.succeeded"]);
    assert.deepEqual(eventsMatching("deploy"), []);
    assert.deepEqual(eventsMatching("deploy.*.x"), []);
  });

  it("names an operation's ending: kind, final status and whether it rolled back", () => {
    const ending = (kind: string, status: string, rolledBack = false) =>
      outcomeEvent({ kind, status, rolledBack } as Operation);
    assert.equal(ending("deploy", "succeeded"), "deploy.succeeded");
    assert.equal(ending("deploy", "skipped"), "deploy.skipped");
    assert.equal(ending("deploy", "failed"), "deploy.failed");
    assert.equal(ending("deploy", "failed", true), "deploy.rolled_back");
    assert.equal(ending("deploy", "cancelled"), "deploy.cancelled");
    assert.equal(ending("rollback", "failed"), "rollback.failed");
    assert.equal(ending("deploy", "interrupted"), undefined);
    assert.equal(ending("preview", "succeeded"), undefined);
    assert.equal(ending("invalidate", "succeeded"), undefined);
  });
});
