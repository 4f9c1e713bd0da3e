import assert from "node:assert/strict";
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { TokenStore } from "../../automation/auth/token-store";
import { SecretMask } from "../../automation/secrets/secret-mask";

const mask = () => new SecretMask();

describe("token store", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "flightdeck-tokens-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const tokensFile = (content: unknown) => {
    const path = join(dir, `tokens-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content), {
      mode: 0o600,
    });
    return path;
  };

  it("knows each token's name and scopes, and nothing close to a token", () => {
    const secrets = mask();
    const store = TokenStore.fromFile(
      tokensFile([
        { name: "ci", token: "ci-token-0123456789abcdef0123456789", scopes: ["read", "deploy"] },
        { name: "ops", token: "ops-token-0123456789abcdef0123456789", scopes: ["admin"] },
      ]),
      secrets,
    );
    assert.equal(JSON.stringify(store).includes("ci-token"), false, "only digests are kept");
    assert.equal(
      secrets.text("ci-token-0123456789abcdef0123456789 and ops-token-0123456789abcdef0123456789"),
      "[secret] and [secret]",
      "the plain tokens went to the mask",
    );
    assert.deepEqual(store.authenticate("ci-token-0123456789abcdef0123456789"), {
      name: "ci",
      scopes: ["read", "deploy"],
    });
    assert.equal(store.authenticate("ops-token-0123456789abcdef0123456789")?.name, "ops");
    for (const guess of ["ci-token-0123456789abcde", "ci-token-0123456789abcdef0123456789x", ""]) {
      assert.equal(store.authenticate(guess), undefined, guess);
    }
  });

  it("refuses a bad tokens file naming FLIGHTDECK_TOKENS_FILE and the entry, never the token", () => {
    const cases: Array<[unknown, RegExp]> = [
      ["[{", /FLIGHTDECK_TOKENS_FILE is not valid JSON/],
      [[], /FLIGHTDECK_TOKENS_FILE must be a non-empty JSON array/],
      [[{ token: "x".repeat(32), scopes: ["read"] }], /FLIGHTDECK_TOKENS_FILE\[0\]\.name/],
      [[{ name: "a", token: "short-secret", scopes: ["read"] }], /\[0\]\.token must be/],
      // One short of the minimum.
      [
        [{ name: "a", token: "short-secret".padEnd(31, "-"), scopes: ["read"] }],
        /\[0\]\.token must be a string of at least 32 characters/,
      ],
      [[{ name: "a", token: "y".repeat(32), scopes: ["root"] }], /\[0\]\.scopes must list/],
    ];
    for (const [content, message] of cases) {
      assert.throws(
        () => TokenStore.fromFile(tokensFile(content), mask()),
        (error: Error) => message.test(error.message) && !error.message.includes("short-secret"),
        JSON.stringify(content),
      );
    }
    assert.throws(
      () => TokenStore.fromFile(join(dir, "missing.json"), mask()),
      /FLIGHTDECK_TOKENS_FILE points at .*missing\.json, which does not exist/,
    );
  });

  it("refuses a tokens file that group or others may read or change, naming the chmod", () => {
    const content = [
      { name: "ci", token: "ci-token-0123456789abcdef0123456789", scopes: ["read"] },
    ];
    for (const mode of [0o644, 0o640, 0o604, 0o620, 0o660]) {
      const path = tokensFile(content);
      chmodSync(path, mode);
      assert.throws(
        () => TokenStore.fromFile(path, mask()),
        (error: Error) =>
          error.message.includes(`mode 0${mode.toString(8)}`) &&
          error.message.includes(`chmod 600 ${path}`),
        mode.toString(8),
      );
    }
    const path = tokensFile(content);
    chmodSync(path, 0o400);
    assert.equal(TokenStore.fromFile(path, mask()).authenticate(content[0]!.token)?.name, "ci");
  });

  it("generates one admin token, readable only by its owner, and reuses it", () => {
    const dataDir = join(dir, "data");
    const secrets = mask();
    const first = TokenStore.generatedAdmin(dataDir, secrets);
    const second = TokenStore.generatedAdmin(dataDir, mask());
    const token = readFileSync(first.path, "utf8").trim();
    assert.equal(secrets.text(`Bearer ${token}`), "Bearer [secret]");
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(statSync(first.path).mode & 0o777, 0o600);
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(dataDir), ["admin-token"], "no draft is left behind");
  });

  it("refuses an admin-token file that holds no usable token", () => {
    const dataDir = join(dir, "emptied");
    TokenStore.generatedAdmin(dataDir, mask());
    writeFileSync(join(dataDir, "admin-token"), "\n");
    assert.throws(
      () => TokenStore.generatedAdmin(dataDir, mask()),
      /holds no usable token; delete it/,
    );
  });
});
