import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { errorFrom } from "../../client/api-error";
import { buildDashboard, type DashboardBuild } from "../support/dashboard-build";
import { startServer, type ServerFixture } from "../support/server-fixture";

describe("the dashboard's files, served by the automation server", () => {
  let build: DashboardBuild;
  let server: ServerFixture;

  before(async () => {
    build = await buildDashboard();
    server = await startServer({}, { dashboardDir: build.dir });
  });

  after(async () => {
    await server.close();
    build.cleanup();
  });

  it("serves the page at / without a token, locked to its own origin", async () => {
    const page = await server.app.inject({ url: "/" });
    assert.equal(page.statusCode, 200);
    assert.match(page.headers["content-type"] as string, /^text\/html/);
    assert.match(page.body, /<div id="app">/);
    const csp = page.headers["content-security-policy"] as string;
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(page.headers["cache-control"], "no-cache");
    // Everything the page loads comes from this server, built with a content hash.
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(assets.length >= 2, page.body);
    for (const asset of assets) {
      assert.match(asset, /^\/assets\/[\w-]+\.(js|css)$/);
      const file = await server.app.inject({ url: asset });
      assert.equal(file.statusCode, 200, asset);
      assert.match(file.headers["cache-control"] as string, /immutable/);
    }
  });

  it("keeps the API's own answers: the token, 404 for unknown paths, 405 for other methods", async () => {
    assert.equal((await server.app.inject({ url: "/stacks" })).statusCode, 401);
    const unknown = await server.app.inject({
      url: "/assets/nope.js",
      headers: server.auth("reader"),
    });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json<{ error: { code: string } }>().error.code, "not_found");
    const post = await server.app.inject({ method: "POST", url: "/" });
    assert.equal(post.statusCode, 405);
  });

  it("leaves the pages out of the OpenAPI document", async () => {
    const document = (await server.app.inject({ url: "/docs/json" })).json<{
      paths: Record<string, unknown>;
    }>();
    const paths = Object.keys(document.paths);
    assert.ok(paths.includes("/stacks"), paths.join(", "));
    assert.deepEqual(
      paths.filter((path) => path === "/" || path.startsWith("/assets") || path === "/index.html"),
      [],
    );
  });

  it("reads a 403 in words that name the scope needed", async () => {
    const response = await fetch(`${await server.url()}/stacks/production/rollback`, {
      method: "POST",
      headers: { ...server.auth("deployer"), "content-type": "application/json" },
      body: JSON.stringify({ services: "all" }),
    });
    const error = await errorFrom(response);
    assert.equal(error.status, 403);
    assert.equal(error.neededScope, "rollback");
    assert.match(error.explanation, /needs a token with the "rollback" scope/);
  });

  it("answers 503 saying how to build it when the build is missing", async () => {
    const empty = mkdtempSync(join(tmpdir(), "flightdeck-no-dashboard-"));
    const bare = await startServer({}, { dashboardDir: empty });
    try {
      assert.deepEqual(readdirSync(empty), []);
      const page = await bare.app.inject({ url: "/" });
      assert.equal(page.statusCode, 503);
      const { error } = page.json<{ error: { code: string; message: string } }>();
      assert.equal(error.code, "dashboard_not_built");
      assert.match(error.message, /npm run build:dashboard/);
      assert.match(bare.logs(), /the dashboard is not built/);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
