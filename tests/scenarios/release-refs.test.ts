import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { deploymentsClient } from "../support/deployments-client";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { tokenEntries, tokens, writeTokensFile } from "../support/server-fixture";

/** read, deploy and rollback: what a release manager's token has, short of admin. */
const releaserToken = "releaser-token-0123456789abcdef0123456789";

/**
 * A check script that tells the test it ran, over loopback HTTP: the commit's code runs
 * sandboxed and can leave no file outside its worktree.
 */
const checkWriting = (marker: string) =>
  `node -e "fetch('${marker}').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"\n`;

/** Where checks report that they ran: the paths asked for. */
async function markerServer(): Promise<{ url: string; seen: Set<string>; server: Server }> {
  const seen = new Set<string>();
  const server = createServer((request, response) => {
    seen.add(request.url ?? "");
    response.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, server };
}

describe("what may be released: FLIGHTDECK_RELEASE_REFS and the rollback scope", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let scratch: string;
  let featureCommit: string;
  let markers: Awaited<ReturnType<typeof markerServer>>;

  const headersOf = (token: "deployer" | "releaser") => ({
    authorization: `Bearer ${token === "releaser" ? releaserToken : tokens.deployer}`,
    "content-type": "application/json",
  });
  /** Starts a deploy or preview with a token of the given scopes, over HTTP. */
  const start = async (
    token: "deployer" | "releaser",
    kind: "deploy" | "preview",
    body: Record<string, unknown> = {},
  ) => {
    const response = await fetch(`${await world.server.url()}/stacks/production/${kind}`, {
      method: "POST",
      headers: headersOf(token),
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as {
      deployment?: { id: string };
      error?: { code: string; message: string; details?: Record<string, unknown> };
    };
    return {
      status: response.status,
      challenge: response.headers.get("www-authenticate"),
      ...json,
    };
  };
  const operationCount = async () =>
    (await client.list("production", "deploy")).length +
    (await client.list("production", "preview")).length;

  before(async () => {
    markers = await markerServer();
    scratch = mkdtempSync(join(tmpdir(), "flightdeck-refs-"));
    const tokensFile = writeTokensFile(scratch, [
      ...tokenEntries,
      { name: "release-manager", token: releaserToken, scopes: ["read", "deploy", "rollback"] },
    ]);
    world = await startReleaseWorld(["production"], {
      FLIGHTDECK_TOKENS_FILE: tokensFile,
      // The commit's own check script, when it has one, runs in its worktree.
      FLIGHTDECK_CHECKS: JSON.stringify([
        "test -f node_modules/@pulumi/pulumi/package.json",
        "if [ -f check.sh ]; then sh check.sh; fi",
      ]),
    });
    client = deploymentsClient(world.server);
  });

  after(async () => {
    await world.stop();
    markers.server.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("the release branch's tip deploys with a deploy token, and its checks run", async () => {
    const marker = `${markers.url}/main-checked`;
    const commit = world.repo.commit({ "check.sh": checkWriting(marker) }, "a check of main");
    const started = await start("deployer", "deploy");
    assert.equal(started.status, 202, JSON.stringify(started.error));
    const deployment = await client.finished(started.deployment!.id);
    assert.equal(deployment.status, "succeeded", JSON.stringify(deployment.error));
    assert.equal(deployment.commit, commit);
    assert.equal(deployment.releaseTag, 1);
    assert.ok(markers.seen.has("/main-checked"), "main's check ran");
  });

  it("another branch, or a commit only it has, is refused with 403 before anything of it runs", async () => {
    const marker = `${markers.url}/feature-checked`;
    world.repo.git("checkout", "--quiet", "-b", "feature");
    featureCommit = world.repo.commit({ "check.sh": checkWriting(marker) }, "a feature's check");
    world.repo.git("push", "--quiet", "origin", "feature");
    world.repo.git("checkout", "--quiet", "main");
    const before = await operationCount();
    for (const [kind, ref] of [
      ["deploy", "feature"],
      ["preview", "feature"],
      ["deploy", "refs/heads/feature"],
      ["deploy", featureCommit],
      ["preview", featureCommit.slice(0, 12)],
    ] as const) {
      const refused = await start("deployer", kind, { ref });
      assert.equal(refused.status, 403, `${kind} ${ref}: ${JSON.stringify(refused)}`);
      assert.equal(refused.error?.code, "ref_not_releasable");
      assert.match(refused.error?.message ?? "", /FLIGHTDECK_RELEASE_REFS/);
      assert.ok(refused.error?.message.includes(`"${ref}"`), refused.error?.message);
    }
    assert.equal(await operationCount(), before, "nothing was journaled");
    assert.equal(markers.seen.has("/feature-checked"), false, "the feature's check never ran");
  });

  it("git's own refs are never released, and a branch named as a commit id does not shadow it", async () => {
    for (const ref of ["refs/remotes/origin/main", "stash", "FETCH_HEAD", "HEAD", "ORIG_HEAD"]) {
      const refused = await start("releaser", "deploy", { ref });
      assert.equal(refused.status, 403, `${ref}: ${JSON.stringify(refused)}`);
      assert.equal(refused.error?.code, "ref_not_releasable");
    }
    // A branch named as the feature's commit, pointing at main: the id still means the feature.
    const mainTip = world.repo.git("rev-parse", "main");
    world.repo.git("push", "--quiet", "origin", `${mainTip}:refs/heads/${featureCommit}`);
    const refused = await start("deployer", "deploy", { ref: featureCommit });
    assert.equal(refused.status, 403, JSON.stringify(refused));
    assert.equal(refused.error?.code, "ref_not_releasable");
  });

  it("an older release tag, or a release marked bad, takes the rollback scope", async () => {
    world.repo.commit({ "services/api/handler.ts": "export const api = 2;\n" }, "api 2");
    const second = await client.deploy("production");
    assert.equal(second.releaseTag, 2, JSON.stringify(second.error));

    const older = await start("deployer", "deploy", { ref: "1" });
    assert.equal(older.status, 403, JSON.stringify(older));
    assert.equal(older.error?.code, "rollback_scope_required");
    assert.match(older.error?.message ?? "", /"rollback" scope.*release 1 is older/);
    assert.match(older.challenge ?? "", /error="insufficient_scope", scope="rollback"/);
    // A preview changes nothing: the deploy scope is enough to look.
    const preview = await start("deployer", "preview", { ref: "1" });
    assert.equal(preview.status, 202, JSON.stringify(preview));
    await client.finished(preview.deployment!.id);

    const rollback = await client.rollback("production", { services: ["api"] });
    assert.equal(rollback.status, "succeeded", JSON.stringify(rollback.error));
    // Release 2 is bad now, and main's tip is its commit: a deploy token cannot bring it back.
    const quarantined = await start("deployer", "deploy", { force: true });
    assert.equal(quarantined.status, 403, JSON.stringify(quarantined));
    assert.equal(quarantined.error?.code, "rollback_scope_required");
    assert.match(quarantined.error?.message ?? "", /release 2 of stack production, marked bad/);

    const allowed = await start("releaser", "deploy", { force: true });
    assert.equal(allowed.status, 202, JSON.stringify(allowed));
    const redeployed = await client.finished(allowed.deployment!.id);
    assert.equal(redeployed.status, "succeeded", JSON.stringify(redeployed.error));
  });
});
