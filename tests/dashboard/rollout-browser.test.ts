import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import type { SqliteJournal } from "../../automation/journal/sqlite-journal";
import { launchChromium, type WatchedPage } from "../support/browser";
import { buildDashboard, type DashboardBuild } from "../support/dashboard-build";
import { openOperation, signedInPage } from "../support/dashboard-page";
import { deployAtStep, openStandInJournal } from "../support/rollout-stand-in";
import { startServer, tokens, type ServerFixture } from "../support/server-fixture";

describe("the dashboard's rollout panel and its controls, in a real Chromium", () => {
  let build: DashboardBuild;
  let server: ServerFixture;
  /** The instance that runs the deploys, on the server's journal: it journals the rollout's events. */
  let executor: SqliteJournal;
  let browser: Browser;
  let base: string;
  const pages: WatchedPage[] = [];

  before(async () => {
    build = await buildDashboard();
    server = await startServer({}, { dashboardDir: build.dir });
    executor = openStandInJournal(server.dataDir);
    base = await server.url();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await executor?.close();
    await server?.close();
    build?.cleanup();
  });

  async function operationPage(token: keyof typeof tokens, id: string): Promise<Page> {
    const watched = await signedInPage(browser, base, tokens[token]);
    pages.push(watched);
    await openOperation(watched.page, id);
    return watched.page;
  }

  /** A deploy paused by hand at step 2 of 3, after a passing judgement at step 1. */
  async function pausedRollout(stack: string): Promise<string> {
    const id = await deployAtStep(executor, stack);
    const event = (data: Record<string, unknown>) =>
      executor.appendEvent(id, "log", { kind: "rollout", service: "api", steps: 3, ...data });
    await event({
      step: 1,
      weight: 5,
      state: "analysing",
      judgement: {
        verdict: "pass",
        reason: "the canary's error rate is within 1 %",
        checks: [{ rule: "error rate", value: 0.4, limit: 1, passed: true }],
      },
    });
    await event({
      step: 2,
      weight: 25,
      state: "paused",
      pausedSince: new Date(Date.now() - 5 * 60_000).toISOString(),
      command: { kind: "pause", by: "ci", reason: "watching p99" },
    });
    return id;
  }

  it("shows the rollout's step, weight, pause and last judgement, and sends the commands the token may", async () => {
    const id = await pausedRollout("panel");
    const deployer = await operationPage("deployer", id);
    const panel = deployer.locator("section.rollout-panel .rollout[data-service='api']");
    await panel.locator("dd", { hasText: "2 of 3" }).waitFor();
    await panel.locator("dd", { hasText: "25 % on the new version" }).waitFor();
    await panel.locator("dd.rollout-state", { hasText: "paused by hand" }).waitFor();
    await panel.locator("dd", { hasText: /^5 min \d+ s, with no time limit$/ }).waitFor();
    await panel.getByText("pause by ci: watching p99").waitFor();
    await panel.getByText("the canary's error rate is within 1 %").waitFor();
    const check = panel.locator("table.checks tbody tr");
    assert.deepEqual(await check.locator("th, td").allTextContents(), [
      "error rate",
      "0.4",
      "1",
      "yes",
    ]);

    await deployer.getByRole("button", { name: "Resume" }).waitFor();
    assert.equal(await deployer.getByRole("button", { name: "Pause" }).count(), 0, "it is paused");
    assert.equal(
      await deployer.getByRole("button", { name: "Abort…" }).count(),
      0,
      "deploy scope only",
    );
    await deployer.getByRole("button", { name: "Promote fully" }).click();
    await deployer
      .getByRole("status")
      .filter({ hasText: "promote fully asked (command 1)" })
      .waitFor();

    const admin = await operationPage("admin", id);
    await admin.getByRole("button", { name: "Abort…" }).click();
    const dialog = admin.getByRole("dialog", { name: "Abort the rollout?" });
    const confirm = dialog.getByRole("button", { name: "Abort rollout" });
    assert.equal(await confirm.isDisabled(), true, "not without a reason");
    await dialog.getByLabel("Reason").fill("p99 doubled on the canary");
    await confirm.click();
    await dialog.waitFor({ state: "hidden" });
    await admin.getByRole("status").filter({ hasText: "abort asked (command 2)" }).waitFor();

    const journaled = await executor.rolloutCommands(id, 0);
    assert.deepEqual(
      journaled.map(({ kind, full, by, reason }) => ({ kind, full, by, reason })),
      [
        { kind: "promote", full: true, by: "ci", reason: undefined },
        { kind: "abort", full: false, by: "ops-admin", reason: "p99 doubled on the canary" },
      ],
    );

    // The rollout ends meanwhile: the page says what the server answered.
    await executor.finishStep(id, "rollout", "succeeded");
    await deployer.getByRole("button", { name: "Promote", exact: true }).click();
    await deployer.getByRole("alert").filter({ hasText: "no rollout in progress" }).waitFor();
    await executor.finishOperation(id, { status: "succeeded" });
  });

  it("shows no control once the rollout step no longer runs, and the panel still", async () => {
    const id = await pausedRollout("over");
    await executor.finishStep(id, "rollout", "failed");
    await executor.finishOperation(id, { status: "failed", rolledBack: true });
    const page = await operationPage("admin", id);
    await page.locator('main[data-status="failed"]').waitFor();
    await page.locator("section.rollout-panel dd", { hasText: "2 of 3" }).waitFor();
    assert.equal(await page.locator(".rollout-controls").count(), 0);
    assert.deepEqual(
      pages.flatMap((watched) => watched.problems()),
      [],
      "no other origin, no console error",
    );
  });
});
