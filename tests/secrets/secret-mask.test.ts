import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, it } from "node:test";
import { SecretMask } from "../../automation/secrets/secret-mask";

const token = "tok-0123456789abcdef0123456789abcdef";

describe("the secret mask", () => {
  it("replaces every occurrence of every secret, the longest first", () => {
    const mask = new SecretMask();
    mask.add(token);
    mask.add(`${token}-and-more`);
    assert.equal(
      mask.text(`a ${token} b ${token}-and-more c`),
      "a [secret] b [secret] c",
      "a secret containing another is masked whole",
    );
  });

  it("masks the part of a secret a truncation left at either end of a text", () => {
    const mask = new SecretMask();
    mask.add(token);
    assert.equal(mask.text(`output ends in ${token.slice(0, 12)}`), "output ends in [secret]");
    assert.equal(mask.text(`${token.slice(-12)} starts this tail`), "[secret] starts this tail");
    assert.equal(mask.text("tok-0123 ok"), "tok-0123 ok", "a stray prefix inside a text is text");
    for (let length = 1; length < token.length; length++) {
      const cut = length >= 8;
      assert.equal(
        mask.text(`tail: ${token.slice(0, length)}`),
        cut ? "tail: [secret]" : `tail: ${token.slice(0, length)}`,
        `the first ${length}`,
      );
      assert.equal(
        mask.text(`${token.slice(-length)} :head`),
        cut ? "[secret] :head" : `${token.slice(-length)} :head`,
        `the last ${length}`,
      );
    }
  });

  it("masks a secret as it reads inside a JSON string", () => {
    const mask = new SecretMask();
    const quoted = 'pass"word\\with-quotes';
    mask.add(quoted);
    const line = JSON.stringify({ msg: `failed: ${quoted}` });
    assert.equal(mask.text(line), JSON.stringify({ msg: "failed: [secret]" }));
  });

  it("masks every string of a JSON-like value, keeping its shape and keys", () => {
    const mask = new SecretMask();
    mask.add(token);
    const value = {
      step: "checks",
      outputTail: `printed ${token}`,
      nested: [{ [token.slice(0, 3)]: token }, 3, true, null],
    };
    assert.deepEqual(mask.deep(value), {
      step: "checks",
      outputTail: "printed [secret]",
      nested: [{ tok: "[secret]" }, 3, true, null],
    });
    assert.equal(value.outputTail, `printed ${token}`, "the original is left alone");
  });

  it("refuses values too short to mask without masking ordinary text", () => {
    const mask = new SecretMask();
    assert.equal(mask.add("true"), false);
    assert.equal(mask.text('{"ok":true}'), '{"ok":true}');
  });

  it("never shows its values when serialized or inspected", () => {
    const mask = new SecretMask();
    mask.add(token);
    assert.equal(JSON.stringify({ mask }).includes(token), false);
    assert.equal(inspect(mask, { showHidden: true, depth: 5 }).includes(token), false);
  });
});
