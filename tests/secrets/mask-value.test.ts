import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maskValue } from "../../automation/secrets/mask-value";
import { SecretMask } from "../../automation/secrets/secret-mask";

describe("masking a value an operator hands to commands", () => {
  it("masks the value, and a URL's password both as written and decoded", () => {
    const mask = new SecretMask();
    const url = "postgres://migrator:p%40ss%2Fw0rd-long@db.internal:5432/app";
    maskValue(mask, url);
    assert.equal(mask.text(`connecting to ${url}`), "connecting to [secret]");
    assert.equal(mask.text("password=p%40ss%2Fw0rd-long"), "password=[secret]");
    assert.equal(mask.text("password=p@ss/w0rd-long"), "password=[secret]");
    assert.equal(mask.text("user migrator on db.internal"), "user migrator on db.internal");
  });

  it("masks a plain value whole, and a URL without a password only whole", () => {
    const mask = new SecretMask();
    maskValue(mask, "hunter2-hunter2");
    maskValue(mask, "https://hooks.example/services/T0/B0");
    assert.equal(mask.text("pw hunter2-hunter2"), "pw [secret]");
    assert.equal(mask.text("https://hooks.example/services/T0/B0"), "[secret]");
    assert.equal(mask.text("https://hooks.example/ answered"), "https://hooks.example/ answered");
  });

  it("keeps a password with a stray % as written, and ignores what only looks like a URL", () => {
    const mask = new SecretMask();
    maskValue(mask, "postgres://u:100%zz-password@db/app");
    assert.equal(mask.text("pw 100%zz-password"), "pw [secret]");
    const other = new SecretMask();
    maskValue(other, "localhost:5432");
    assert.equal(other.size, 1, "the value itself, and nothing read as a password");
  });
});
