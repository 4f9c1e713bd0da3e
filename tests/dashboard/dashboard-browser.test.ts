import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium, openPage, type WatchedPage } from "../support/browser";
import { buildDashboard, type DashboardBuild } from "../support/dashboard-build";
import { openOperation, signedInPage } from "../support/dashboard-page";
import { deploymentsClient } from "../support/deployments-client";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { tokens } from "../support/server-fixture";
import { testOutputDir } from "../support/test-output";

/** Long enough for a deploy through the real engine on a busy machine. */
const operationTimeout = 150_000;

describe("the dashboard in a real Chromium, against the release world", () => {
  let build: DashboardBuild;
  let world: ReleaseWorld;
  let browser: Browser;
  let base: string;
  let firstDeployId: string;
  const pages: WatchedPage[] = [];

  /** A fresh tab (its own session storage) signed in with one of the fixture's tokens. */
  async function signedIn(token: keyof typeof tokens): Promise<Page> {
    const watched = await signedInPage(browser, base, tokens[token]);
    pages.push(watched);
    return watched.page;
  }

  const serviceRow = (page: Page, service: string) =>
    page.locator(`section[data-stack="production"] table.live tr[data-service="${service}"]`);

  /** Waits until the overview says the service runs that release. */
  const runsRelease = (page: Page, service: string, tag: number) =>
    serviceRow(page, service)
      .locator("td.tag", { hasText: new RegExp(`^release ${tag}$`) })
      .waitFor();

  async function screenshot(t: TestContext, page: Page, name: string) {
    const path = join(testOutputDir("dashboard"), `${name}.png`);
    await page.screenshot({ path, fullPage: true });
    t.diagnostic(`screenshot: ${path}`);
  }

  before(async () => {
    build = await buildDashboard();
    world = await startReleaseWorld(["production"], {}, {}, undefined, {
      dashboardDir: build.dir,
    });
    base = await world.server.url();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await world?.stop();
    build?.cleanup();
  });

  it("signs in with a token kept in this tab's session storage only", async () => {
    const watched = await openPage(browser, base);
    const { page } = watched;
    await page.goto(`${base}/`);
    await page.getByLabel("API token").fill("not-a-token-of-this-server-0123456789");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "the bearer token is not valid" }).waitFor();

    await page.getByLabel("API token").fill(tokens.admin);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByText("Signed in as ops-admin (admin)").waitFor();
    // Evaluated in the page (as text: this file is typed for Node, not the DOM).
    const kept = await page.evaluate(
      `({ session: sessionStorage.getItem("flightdeck.token"), local: localStorage.length, cookie: document.cookie })`,
    );
    assert.deepEqual(kept, { session: tokens.admin, local: 0, cookie: "" });
    assert.ok(!page.url().includes(tokens.admin));

    await page.reload();
    await page.getByText("Signed in as ops-admin").waitFor();
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("API token").waitFor();
    assert.equal(await page.evaluate("sessionStorage.length"), 0);
    assert.deepEqual(
      watched.problems().filter((p) => !p.includes("401")),
      [],
    );
  });

  it("deploys from the page and follows its steps live", async () => {
    const page = await signedIn("admin");
    const requests: Array<{ url: string; authorization?: string }> = [];
    page.on("request", (request) =>
      requests.push({ url: request.url(), authorization: request.headers().authorization }),
    );
    await page.getByText("No release yet").waitFor();
    await page.getByRole("button", { name: "Deploy…" }).click();
    const dialog = page.getByRole("dialog", { name: "Deploy to production" });
    await dialog.getByRole("button", { name: "Deploy", exact: true }).click();
    await page.waitForURL(/#\/operations\//);
    firstDeployId = decodeURIComponent(page.url().split("/").pop()!);

    // The `up` step is seen running, then the same element turns succeeded: still in the
    // page (a reload would have detached it), updated by the event stream.
    const upRunning = page.locator('li[data-step="up"][data-status="running"]');
    await upRunning.waitFor({ timeout: operationTimeout });
    await page.getByRole("status").filter({ hasText: "Running: up (live)" }).waitFor();
    const upElement = await upRunning.elementHandle();
    await page.locator('main[data-status="succeeded"]').waitFor({ timeout: operationTimeout });
    assert.equal(await upElement.isVisible(), true, "the up step's element was replaced");
    assert.equal(await upElement.getAttribute("data-status"), "succeeded");
    const steps: Array<[string | null, string | null]> = [];
    for (const item of await page.locator("ol.timeline li").all()) {
      steps.push([await item.getAttribute("data-step"), await item.getAttribute("data-status")]);
    }
    assert.deepEqual(steps.at(-1), ["release", "succeeded"]);
    assert.ok(steps.every(([, status]) => status === "succeeded" || status === "skipped"));

    // The stream carries the token in its header, never in a URL; the operation itself
    // was read once at the start and once at the end, not polled.
    const streams = requests.filter((r) => r.url.endsWith(`/deployments/${firstDeployId}/events`));
    assert.equal(streams.length, 1, JSON.stringify(requests.map((r) => r.url)));
    assert.equal(streams[0]!.authorization, `Bearer ${tokens.admin}`);
    assert.ok(requests.every((r) => !r.url.includes(tokens.admin)));
    const reads = requests.filter((r) => r.url.endsWith(`/deployments/${firstDeployId}`));
    assert.equal(reads.length, 2);
  });

  it("rolls back through a dialog that shows the dry run's diff, and shows the rollback in place", async (t) => {
    world.repo.commit({ "services/api/src/version.ts": "export const v = 2;\n" }, "api only");
    const second = await deploymentsClient(world.server).deploy("production");
    assert.equal(second.releaseTag, 2, JSON.stringify(second.error));

    const page = await signedIn("admin");
    await runsRelease(page, "api", 2);
    // Keyboard only: the button opens the dialog, focus moves into it, Escape closes it.
    const open = page.getByRole("button", { name: "Roll back…" });
    await open.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Roll back production" });
    await dialog.waitFor();
    assert.equal(await page.evaluate(`!!document.activeElement?.closest("dialog")`), true);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await open.click();

    const api = dialog.locator('tr[data-service="api"]');
    await api.waitFor();
    assert.match(await api.locator("td.from").innerText(), /release 2 · version 2/);
    assert.match(await api.locator("td.to").innerText(), /release 1 · version 1/);
    assert.equal(await dialog.locator("tr[data-service]").count(), 1);
    await dialog.getByText("Already on release 1: web, mcp").waitFor();
    await screenshot(t, page, "rollback-dialog");
    await dialog.getByRole("button", { name: "Confirm: roll back api to release 1" }).click();
    await page.waitForURL(/#\/operations\//);
    await page.locator('main[data-status="succeeded"]').waitFor({ timeout: operationTimeout });
    await page.getByText("Back to release").waitFor();

    await page.getByRole("link", { name: "flightdeck" }).click();
    await runsRelease(page, "api", 1);
    const row = serviceRow(page, "api");
    assert.match(await row.innerText(), /rollback in place: release 2 has version 2/);
    assert.match(await row.innerText(), /by ops-admin \(rollback\)/);
    assert.match(await serviceRow(page, "web").innerText(), /same as release 2/);
    await screenshot(t, page, "overview-after-rollback");

    await page.getByRole("link", { name: "Release history" }).click();
    const bad = page.locator('li.release[data-tag="2"]');
    await bad.getByText("bad").waitFor();
    assert.match(await bad.innerText(), /api rolled back by ops-admin .*rolled back to release 1/);
    await page.locator("li.rollback").getByText("Rollback to release 1").waitFor();
  });

  it("replays a finished operation on its page, complete", async (t) => {
    const page = await signedIn("deployer");
    await openOperation(page, firstDeployId);
    await page.getByRole("status").filter({ hasText: "Ended succeeded" }).waitFor();
    const counts = await page.locator(".engine-counts").innerText();
    const [done, total] = /(\d+) of (\d+) resources done/.exec(counts)!.slice(1).map(Number);
    assert.ok(total! > 0 && done === total, counts);
    await page
      .locator('table.verification tr[data-service="api"]')
      .getByText("healthy")
      .first()
      .waitFor();
    await page.getByText("Release", { exact: true }).waitFor();
    await screenshot(t, page, "operation-replayed");
  });

  it("shows a token only the actions its scopes allow, and they work", async () => {
    const reader = await signedIn("reader");
    await serviceRow(reader, "api").waitFor();
    assert.deepEqual(await reader.getByRole("button").allInnerTexts(), ["Sign out"]);
    await openOperation(reader, firstDeployId);
    await reader.getByRole("status").filter({ hasText: "Ended succeeded" }).waitFor();
    assert.deepEqual(await reader.getByRole("button").allInnerTexts(), ["Sign out"]);

    const deployer = await signedIn("deployer");
    await serviceRow(deployer, "api").waitFor();
    const actions = deployer.getByRole("group", { name: "Actions on production" });
    assert.deepEqual(await actions.getByRole("button").allInnerTexts(), [
      "Deploy…",
      "Preview…",
      "Invalidate…",
    ]);
    // One of them, end to end: CloudFront (the emulator's) answers with the invalidation.
    await actions.getByRole("button", { name: "Invalidate…" }).click();
    const dialog = deployer.getByRole("dialog", { name: "Invalidate web paths on production" });
    await dialog.getByRole("button", { name: "Invalidate", exact: true }).click();
    await dialog
      .getByRole("status")
      .filter({ hasText: /^Invalidation \S+ (InProgress|Completed): \/index\.html$/ })
      .waitFor();
    await deployer.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
  });

  it("loaded nothing from another origin, and logged no error", () => {
    assert.deepEqual(
      pages.flatMap((watched) => watched.problems()),
      [],
    );
  });
});
