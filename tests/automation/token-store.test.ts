import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { TokenStore } from "../../automation/auth/token-store";

describe("token store", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "flightdeck-tokens-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const tokensFile = (content: unknown) => {
    const path = join(dir, `tokens-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };

  it("knows each token's name and scopes, and nothing close to a token", () => {
    const store = TokenStore.fromFile(
      tokensFile([
        { name: "ci", token: "ci-token-0123456789abcdef", scopes: ["read", "deploy"] },
        { name: "ops", token: "ops-token-0123456789abcdef", scopes: ["admin"] },
      ]),
    );
    assert.deepEqual(store.authenticate("ci-token-0123456789abcdef"), {
      name: "ci",
      scopes: ["read", "deploy"],
    });
    assert.equal(store.authenticate("ops-token-0123456789abcdef")?.name, "ops");
    for (const guess of ["ci-token-0123456789abcde", "ci-token-0123456789abcdefx", ""]) {
      assert.equal(store.authenticate(guess), undefined, guess);
    }
  });

  it("refuses a bad tokens file naming FLIGHTDECK_TOKENS_FILE and the entry, never the token", () => {
    const cases: Array<[unknown, RegExp]> = [
      ["[{", /FLIGHTDECK_TOKENS_FILE is not valid JSON/],
      [[], /FLIGHTDECK_TOKENS_FILE must be a non-empty JSON array/],
      [[{ token: "x".repeat(20), scopes: ["read"] }], /FLIGHTDECK_TOKENS_FILE\[0\]\.name/],
      [[{ name: "a", token: "short-secret", scopes: ["read"] }], /\[0\]\.token must be/],
      [[{ name: "a", token: "y".repeat(20), scopes: ["root"] }], /\[0\]\.scopes must list/],
    ];
    for (const [content, message] of cases) {
      assert.throws(
        () => TokenStore.fromFile(tokensFile(content)),
        (error: Error) => message.test(error.message) && !error.message.includes("short-secret"),
        JSON.stringify(content),
      );
    }
    assert.throws(
      () => TokenStore.fromFile(join(dir, "missing.json")),
      /FLIGHTDECK_TOKENS_FILE points at .*missing\.json, which does not exist/,
    );
  });

  it("generates one admin token, readable only by its owner, and reuses it", () => {
    const dataDir = join(dir, "data");
    const first = TokenStore.generatedAdmin(dataDir);
    const second = TokenStore.generatedAdmin(dataDir);
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(statSync(first.path).mode & 0o777, 0o600);
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(dataDir), ["admin-token"], "no draft is left behind");
  });

  it("refuses an admin-token file that holds no usable token", () => {
    const dataDir = join(dir, "emptied");
    TokenStore.generatedAdmin(dataDir);
    writeFileSync(join(dataDir, "admin-token"), "\n");
    assert.throws(() => TokenStore.generatedAdmin(dataDir), /holds no usable token; delete it/);
  });
});
