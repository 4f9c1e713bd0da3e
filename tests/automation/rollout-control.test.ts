import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { SqliteJournal } from "../../automation/journal/sqlite-journal";
import type { ErrorView, RolloutCommandAcceptedView } from "../../automation/routes/schemas";
import { deployAtStep, openStandInJournal } from "../support/rollout-stand-in";
import {
  startServer,
  tokenEntries,
  writeTokensFile,
  type ServerFixture,
} from "../support/server-fixture";

/** rollback without deploy: whoever may abort a rollout but not start one. */
const responderToken = "responder-token-0123456789abcdef0123456789";
type Caller = "admin" | "deployer" | "reader" | "responder";
type Command = "pause" | "resume" | "promote" | "abort";

describe("manual control of a running rollout", () => {
  let server: ServerFixture;
  /** The instance that runs the deploys: the rollout's executor would poll this journal. */
  let executor: SqliteJournal;
  let tokensDir: string;

  before(async () => {
    tokensDir = mkdtempSync(join(tmpdir(), "flightdeck-rollout-tokens-"));
    const tokensFile = writeTokensFile(tokensDir, [
      ...tokenEntries,
      { name: "on-call", token: responderToken, scopes: ["read", "rollback"] },
    ]);
    server = await startServer({ FLIGHTDECK_TOKENS_FILE: tokensFile });
    executor = openStandInJournal(server.dataDir);
  });

  after(async () => {
    await executor.close();
    await server.close();
    rmSync(tokensDir, { recursive: true, force: true });
  });

  const ask = (id: string, command: Command, caller: Caller, payload?: unknown) =>
    server.app.inject({
      method: "POST",
      url: `/deployments/${id}/${command}`,
      headers:
        caller === "responder"
          ? { authorization: `Bearer ${responderToken}` }
          : server.auth(caller),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it("journals each command with who asked and why, and answers 202 with the deployment", async () => {
    const id = await deployAtStep(executor, "rolling", ["checks", "up", "rollout"]);
    const paused = await ask(id, "pause", "deployer", { reason: "watching the p99" });
    assert.equal(paused.statusCode, 202, paused.body);
    const body = paused.json<RolloutCommandAcceptedView>();
    assert.equal(body.deployment.id, id);
    assert.equal(body.deployment.status, "running");
    assert.deepEqual(
      { seq: body.command.seq, kind: body.command.kind, by: body.command.by },
      { seq: 1, kind: "pause", by: "ci" },
    );
    assert.equal(body.command.reason, "watching the p99");

    assert.equal((await ask(id, "resume", "deployer")).statusCode, 202, "no body at all");
    assert.equal((await ask(id, "promote", "admin", { full: true })).statusCode, 202);
    assert.equal((await ask(id, "promote", "deployer", {})).statusCode, 202);
    const aborted = await ask(id, "abort", "responder", { reason: "errors on the canary" });
    assert.equal(aborted.statusCode, 202, aborted.body);

    const journaled = await executor.rolloutCommands(id, 0);
    assert.deepEqual(
      journaled.map(({ seq, kind, full, by, reason }) => ({ seq, kind, full, by, reason })),
      [
        { seq: 1, kind: "pause", full: false, by: "ci", reason: "watching the p99" },
        { seq: 2, kind: "resume", full: false, by: "ci", reason: undefined },
        { seq: 3, kind: "promote", full: true, by: "ops-admin", reason: undefined },
        { seq: 4, kind: "promote", full: false, by: "ci", reason: undefined },
        { seq: 5, kind: "abort", full: false, by: "on-call", reason: "errors on the canary" },
      ],
    );
    await executor.finishOperation(id, { status: "failed" });
  });

  it("needs deploy to pause, resume and promote, and rollback to abort", async () => {
    const id = await deployAtStep(executor, "scoped", ["rollout"]);
    for (const [command, caller, scope] of [
      ["pause", "reader", "deploy"],
      ["resume", "responder", "deploy"],
      ["promote", "reader", "deploy"],
      ["abort", "deployer", "rollback"],
    ] as const) {
      const refused = await ask(id, command, caller);
      assert.equal(refused.statusCode, 403, `${command} by ${caller}`);
      const { error } = refused.json<ErrorView>();
      assert.equal(error.code, "forbidden");
      assert.match(error.message, new RegExp(`"${scope}"`));
    }
    assert.deepEqual(await executor.rolloutCommands(id, 0), [], "nothing was journaled");
    await executor.finishOperation(id, { status: "cancelled" });
  });

  it("answers 404 for an unknown deployment, 409 once it ended or while it does not roll out", async () => {
    const unknown = await ask("00000000-0000-4000-8000-000000000000", "pause", "admin");
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json<ErrorView>().error.code, "not_found");

    const early = await deployAtStep(executor, "early", ["checks", "up"]);
    const notYet = await ask(early, "promote", "deployer");
    assert.equal(notYet.statusCode, 409);
    assert.equal(notYet.json<ErrorView>().error.code, "not_rolling_out");
    assert.deepEqual(notYet.json<ErrorView>().error.details, { runningSteps: ["up"] });

    await executor.finishStep(early, "up", "succeeded");
    await executor.startStep(early, "rollout");
    await executor.finishStep(early, "rollout", "succeeded");
    await executor.startStep(early, "bake");
    const past = await ask(early, "abort", "admin");
    assert.equal(past.json<ErrorView>().error.code, "not_rolling_out", "its rollout is over");

    await executor.finishOperation(early, { status: "succeeded" });
    const ended = await ask(early, "pause", "deployer");
    assert.equal(ended.statusCode, 409);
    assert.equal(ended.json<ErrorView>().error.code, "not_running");
    assert.match(ended.json<ErrorView>().error.message, /ended as succeeded/);
    assert.deepEqual(await executor.rolloutCommands(early, 0), []);
  });

  it("validates the body and names the field that is wrong", async () => {
    const id = await deployAtStep(executor, "validated", ["rollout"]);
    for (const [command, payload, field] of [
      ["promote", { full: "yes" }, "/body/full"],
      ["promote", { full: 1 }, "/body/full"],
      ["pause", { full: true }, "/body/full"],
      ["abort", { reason: "" }, "/body/reason"],
      ["resume", { reason: 42 }, "/body/reason"],
      ["abort", { why: "typo" }, "/body/why"],
    ] as const) {
      const refused = await ask(id, command, "admin", payload);
      assert.equal(refused.statusCode, 400, `${command} ${JSON.stringify(payload)}`);
      const { error } = refused.json<ErrorView>();
      assert.equal(error.code, "invalid_request");
      assert.ok(error.message.startsWith(field), `${error.message} names ${field}`);
    }
    const badId = await ask("not-a-uuid", "pause", "admin");
    assert.equal(badId.statusCode, 400);
    assert.deepEqual(await executor.rolloutCommands(id, 0), [], "nothing was journaled");
    await executor.finishOperation(id, { status: "cancelled" });
  });
});
