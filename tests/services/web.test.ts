import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildWebSite, type WebBuild } from "../../services/web/build";
import { buildWebServer } from "../../services/web/serve";

const hash = "0123456789abcdef0123456789abcdef01234567";

describe("services/web", () => {
  let outDir: string;
  let build: WebBuild;
  let server: FastifyInstance;
  let base: string;

  before(async () => {
    outDir = mkdtempSync(join(tmpdir(), "flightdeck-web-test-"));
    build = buildWebSite({ gitHash: hash, outDir });
    server = buildWebServer(build);
    base = await server.listen({ host: "127.0.0.1", port: 0 });
  });

  after(async () => {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("writes the hash into index.html's git-hash meta tag", () => {
    const html = readFileSync(join(outDir, "index.html"), "utf8");
    assert.match(html, new RegExp(`<meta name="git-hash" content="${hash}"`));
    assert.equal(html.includes("{{"), false, "no placeholder is left");
  });

  it("names assets by their content and references them from index.html", () => {
    const html = readFileSync(join(outDir, "index.html"), "utf8");
    const assets = build.files.filter((file) => file.key.startsWith("assets/"));
    assert.deepEqual(
      assets.map((file) => file.key.replace(/\.[0-9a-f]{8}\./, ".HASH.")),
      ["assets/app.HASH.css", "assets/app.HASH.js"],
    );
    for (const asset of assets)
      assert.ok(html.includes(`/${asset.key}`), `${asset.key} is referenced`);
  });

  it("caches hashed assets forever and index.html not at all", () => {
    const index = build.files.find((file) => file.key === "index.html");
    assert.equal(index?.cacheControl, "no-cache");
    assert.equal(index?.contentType, "text/html; charset=utf-8");
    for (const asset of build.files.filter((file) => file.key.startsWith("assets/"))) {
      assert.equal(asset.cacheControl, "public, max-age=31536000, immutable", asset.key);
    }
  });

  it("keeps asset names when only the hash changes, so releases share cached assets", () => {
    const otherDir = mkdtempSync(join(tmpdir(), "flightdeck-web-test-"));
    try {
      const other = buildWebSite({ gitHash: "fedcba9", outDir: otherDir });
      assert.deepEqual(
        other.files.map((file) => file.key),
        build.files.map((file) => file.key),
      );
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it("rejects a malformed hash with a clear error", () => {
    assert.throws(
      () => buildWebSite({ gitHash: "main", outDir }),
      /gitHash must be a 7-40 character/,
    );
  });

  it("serves the built site over HTTP with each file's headers", async () => {
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get("cache-control"), "no-cache");
    assert.match(await page.text(), new RegExp(`content="${hash}"`));
    const css = build.files.find((file) => file.key.endsWith(".css"));
    const asset = await fetch(`${base}/${css?.key}`);
    assert.equal(asset.headers.get("content-type"), "text/css; charset=utf-8");
    assert.equal(asset.headers.get("cache-control"), "public, max-age=31536000, immutable");
    assert.equal((await fetch(`${base}/missing.html`)).status, 404);
  });
});
