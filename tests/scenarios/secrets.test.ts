import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { OperationEvent } from "../../automation/journal/journal";
import { deploymentsClient } from "../support/deployments-client";
import { setStackSecret } from "../support/stack-secret";
import { readEventStream } from "../support/event-stream-reader";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";
import { tokens } from "../support/server-fixture";

const secret = "jwt-0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const nonsecret = "build-note-7f3e9a";

/** Every file under a folder: the journal, the state, the workspaces. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());

describe("a stack secret set the way operators do", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let deploymentId: string;
  let passphrase: string;
  let streamed: OperationEvent[];
  // What the backup command prints: committed once the secret is set, so the first deploy
  // prints none (the command runs sandboxed, in the released tree).
  const printed = "printed.txt";

  before(async () => {
    world = await startReleaseWorld(["production"], {
      // Its output tail is journaled and streamed, as a check's is when it fails.
      FLIGHTDECK_BACKUP_COMMAND: `cat ${printed} 2>/dev/null; echo ${nonsecret}`,
    });
    client = deploymentsClient(world.server);
    // The first deploy creates the server's workspace for the stack; then the secret is
    // set there with the real CLI, as the README tells operators to.
    const first = await client.deploy("production");
    assert.equal(first.status, "succeeded", JSON.stringify(first.error));
    setStackSecret(world, "production", "flightdeck:jwtSecret", secret);
    passphrase = readFileSync(
      join(world.server.dataDir, "passphrases", "production"),
      "utf8",
    ).trim();
    world.repo.commit(
      {
        "services/api/handler.ts": "export const api = 2;\n",
        [printed]: `token ${tokens.reader}\npassphrase ${passphrase}\njwt ${secret}\n`,
      },
      "api",
    );
    const started = await client.start("production", "deploy");
    assert.equal(started.status, 202, JSON.stringify(started.body));
    deploymentId = started.body.deployment.id;
    // Followed live, as a reader's dashboard would.
    const stream = await readEventStream(
      `${await world.server.url()}/deployments/${deploymentId}/events`,
      world.server.auth("reader"),
    );
    streamed = await stream.rest();
    const deployment = await client.finished(deploymentId);
    assert.equal(deployment.status, "succeeded", JSON.stringify(deployment.error));
  });

  after(async () => {
    await world.stop();
  });

  it("is masked with the passphrase and the tokens where a command printed them", async () => {
    const known = [secret, passphrase, tokens.reader];
    const deployment = await client.get(deploymentId);
    const backup = deployment.steps.find((step) => step.name === "backup");
    const tail = String(backup?.detail?.outputTail);
    assert.equal(
      tail,
      `token [secret]\npassphrase [secret]\njwt [secret]\n${nonsecret}\n`,
      "the journal: each secret masked, the rest as printed",
    );
    const events = JSON.stringify(streamed);
    assert.ok(events.includes(nonsecret), "the stream carries the output");
    assert.equal(streamed.at(-1)?.type, "status", "the stream was followed to the end");
    for (const value of known) assert.equal(events.includes(value), false, "the event stream");

    // A secret pasted into a URL reaches the request log; it is masked there too.
    for (const value of known) {
      const response = await world.server.app.inject({
        url: `/nowhere/${value}?also=${value}`,
        headers: world.server.auth("reader"),
      });
      assert.equal(response.statusCode, 404);
    }
    const logs = world.server.logs();
    assert.match(logs, /\/nowhere\/\[secret\]\?also=\[secret\]/);
    for (const value of known) assert.equal(logs.includes(value), false, "the server's log");
  });

  it("reaches the workload", async () => {
    const lambda = new LambdaClient(world.aws.aws);
    const fn = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: "fd-production-api" }),
    );
    assert.equal(fn.Environment?.Variables?.JWT_SECRET, secret);
  });

  it("is masked inside a plain output when a stack is read", async () => {
    const response = await world.server.app.inject({
      url: "/stacks/production",
      headers: world.server.auth("reader"),
    });
    const { outputs } = response.json<{ outputs: Record<string, unknown> }>();
    assert.deepEqual(outputs.apiSettings, { stage: "production", jwtSecret: "[secret]" });
  });

  it("never appears in responses, events, logs, the journal or the state", async () => {
    const headers = world.server.auth("admin");
    const answers = await Promise.all(
      [
        "/stacks/production",
        `/deployments/${deploymentId}`,
        `/deployments/${deploymentId}/events`,
        "/deployments?stack=production",
      ].map(async (url) => {
        const response = await world.server.app.inject({ url, headers });
        assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
        return response.body;
      }),
    );
    for (const body of answers) assert.equal(body.includes(secret), false, body.slice(0, 200));
    assert.equal(world.server.logs().includes(secret), false, "the server's log");

    // Once the refresh that follows the deploy has ended: its worktree holds the commit,
    // whose own file carries the secret.
    await client.atRest("production");
    const files = filesUnder(world.server.dataDir);
    assert.ok(files.some((file) => file.endsWith("journal.sqlite")));
    assert.ok(files.some((file) => file.includes(`${join("stacks", "flightdeck")}`)));
    for (const file of files) {
      assert.equal(readFileSync(file).includes(secret), false, `${file} holds the secret`);
    }
  });
});
