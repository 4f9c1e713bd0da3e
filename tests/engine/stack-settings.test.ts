import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isServerOwned, mergeStackSettings } from "../../automation/engine/stack-settings";

describe("a release's stack settings", () => {
  it("take the commit's values and lay the server's hashes, pins, secrets and salt over them", () => {
    const { settings, droppedSecrets } = mergeStackSettings(
      {
        config: {
          "aws:region": "eu-west-1",
          "flightdeck:stage": "production",
          // A stale committed hash never wins over the server's.
          "flightdeck:apiGitHash": "0000000",
          "flightdeck:other": { secure: "committed-under-another-salt" },
        },
      },
      {
        encryptionSalt: "v1:server-salt",
        config: {
          "flightdeck:apiGitHash": "abcdef0",
          "flightdeck:apiPinnedVersion": "3",
          "flightdeck:jwtSecret": { secure: "v1:ciphertext" },
          // The server's copy of a committed value is not the server's to keep.
          "flightdeck:stage": "old-stage",
        },
      },
    );
    assert.deepEqual(settings, {
      encryptionSalt: "v1:server-salt",
      config: {
        "aws:region": "eu-west-1",
        "flightdeck:stage": "production",
        "flightdeck:apiGitHash": "abcdef0",
        "flightdeck:apiPinnedVersion": "3",
        "flightdeck:jwtSecret": { secure: "v1:ciphertext" },
      },
    });
    assert.deepEqual(droppedSecrets, ["flightdeck:other"]);
  });

  it("name hashes, pins, mcp's live side and secrets as the server's own, nothing else", () => {
    assert.equal(isServerOwned("flightdeck:webGitHash", "abc1234"), true);
    assert.equal(isServerOwned("flightdeck:mcpPinnedTaskDefinition", "arn:x"), true);
    // A rollout's promotion writes it; a commit's value would undo that at the next `up`.
    assert.equal(isServerOwned("flightdeck:mcpLiveSide", "green"), true);
    assert.equal(isServerOwned("flightdeck:anything", { secure: "x" }), true);
    assert.equal(isServerOwned("flightdeck:webDomain", "app.example.com"), false);
  });
});
