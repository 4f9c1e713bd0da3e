import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildWebSite, type WebBuild } from "../../services/web/build";
import { buildWebServer } from "../../services/web/static-server";
import { startServiceProcess } from "./support/service-process";

const hash = "0123456789abcdef0123456789abcdef01234567";
const immutable = "public, max-age=31536000, immutable";

function gitHashMeta(html: string): string | undefined {
  return /<meta name="git-hash" content="([^"]*)"/.exec(html)?.[1];
}

describe("services/web build", () => {
  let outDir: string;
  let build: WebBuild;
  let html: string;

  before(() => {
    outDir = mkdtempSync(join(tmpdir(), "flightdeck-web-test-"));
    build = buildWebSite({ gitHash: hash, outDir });
    html = readFileSync(join(outDir, "index.html"), "utf8");
  });

  after(() => rmSync(outDir, { recursive: true, force: true }));

  it("writes the hash into index.html's git-hash meta tag and leaves no placeholder", () => {
    assert.equal(gitHashMeta(html), hash);
    assert.equal(html.includes("{{"), false);
  });

  it("lists every file it wrote, index.html first, with absolute paths inside outDir", () => {
    assert.equal(build.gitHash, hash);
    assert.equal(build.files[0]?.key, "index.html");
    for (const file of build.files) {
      assert.ok(isAbsolute(file.path), file.path);
      assert.equal(file.path, join(outDir, file.key));
    }
    assert.deepEqual(
      build.files.map((file) => file.key.replace(/\.[0-9a-f]{8}\./, ".HASH.")),
      ["index.html", "assets/app.HASH.css", "assets/app.HASH.js"],
    );
  });

  it("names each asset by the sha256 of its content and references it from index.html", () => {
    for (const asset of build.files.slice(1)) {
      const digest = createHash("sha256").update(readFileSync(asset.path)).digest("hex");
      assert.equal(/\.([0-9a-f]{8})\.\w+$/.exec(asset.key)?.[1], digest.slice(0, 8), asset.key);
      assert.ok(html.includes(`"/${asset.key}"`), `${asset.key} is referenced`);
    }
  });

  it("caches hashed assets for a year, immutable, and has index.html revalidated", () => {
    const [index, ...assets] = build.files;
    assert.deepEqual(
      { contentType: index?.contentType, cacheControl: index?.cacheControl },
      { contentType: "text/html; charset=utf-8", cacheControl: "no-cache" },
    );
    assert.deepEqual(
      assets.map((file) => [file.key.split(".").pop(), file.contentType, file.cacheControl]),
      [
        ["css", "text/css; charset=utf-8", immutable],
        ["js", "text/javascript; charset=utf-8", immutable],
      ],
    );
  });

  it("keeps asset names when only the hash changes, so releases share cached assets", () => {
    const otherDir = mkdtempSync(join(tmpdir(), "flightdeck-web-test-"));
    try {
      const other = buildWebSite({ gitHash: "fedcba9", outDir: otherDir });
      assert.deepEqual(
        other.files.map((file) => file.key),
        build.files.map((file) => file.key),
      );
      assert.equal(gitHashMeta(readFileSync(join(otherDir, "index.html"), "utf8")), "fedcba9");
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it("rejects a malformed hash with an error that quotes it", () => {
    for (const bad of [
      "main",
      "abc123",
      "ABCDEF1",
      "0123456789abcdef0123456789abcdef012345678",
      "",
    ]) {
      assert.throws(
        () => buildWebSite({ gitHash: bad, outDir }),
        (error: Error) =>
          error.message ===
          `gitHash must be a 7-40 character lowercase hex git hash, got ${JSON.stringify(bad)}`,
        bad,
      );
    }
  });
});

describe("services/web served over HTTP", () => {
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

  it("serves index.html at / with the hash in its meta tag, not cached", async () => {
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get("cache-control"), "no-cache");
    assert.equal(gitHashMeta(await page.text()), hash);
  });

  it("serves every asset the page references, byte for byte, with its headers", async () => {
    const html = await (await fetch(`${base}/index.html`)).text();
    const referenced = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
    assert.equal(referenced.length, 2);
    for (const path of referenced) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get("cache-control"), immutable);
      const file = build.files.find((candidate) => `/${candidate.key}` === path);
      assert.equal(response.headers.get("content-type"), file?.contentType);
      assert.deepEqual(Buffer.from(await response.arrayBuffer()), readFileSync(file?.path ?? ""));
    }
  });

  it("serves nothing the build did not list, in the error contract", async () => {
    for (const path of [
      "/missing.html",
      "/assets/app.css",
      "/..%2Fbuild.ts",
      "/assets/../index.html/x",
    ]) {
      const response = await fetch(`${base}${path}`);
      assert.equal(response.status, 404, path);
      assert.equal(
        ((await response.json()) as { error: { code: string } }).error.code,
        "not_found",
      );
    }
  });
});

describe("services/web serve.ts", () => {
  it("builds for GIT_HASH, serves it on PORT and exits 0 on SIGTERM", async () => {
    const server = await startServiceProcess(
      ["--import", "tsx", join(__dirname, "..", "..", "services", "web", "serve.ts")],
      { PORT: "0", GIT_HASH: "feedface" },
    );
    try {
      assert.equal(gitHashMeta(await (await fetch(`${server.url}/`)).text()), "feedface");
    } finally {
      assert.equal(await server.stop("SIGTERM"), 0, server.output.join("\n"));
    }
  });
});
