import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { GetFunctionConfigurationCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { deploymentsClient } from "../support/deployments-client";
import { startReleaseWorld, type ReleaseWorld } from "../support/release-server";

const secret = "jwt-0f1e2d3c4b5a69788796a5b4c3d2e1f0";

/** Every file under a folder: the journal, the state, the workspaces. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());

describe("a stack secret set the way operators do", () => {
  let world: ReleaseWorld;
  let client: ReturnType<typeof deploymentsClient>;
  let deploymentId: string;

  before(async () => {
    world = await startReleaseWorld(["production"]);
    client = deploymentsClient(world.server);
    // The first deploy creates the server's workspace for the stack; then the secret is
    // set there with the real CLI, as the README tells operators to.
    const first = await client.deploy("production");
    assert.equal(first.status, "succeeded", JSON.stringify(first.error));
    const { PULUMI_CONFIG_PASSPHRASE, ...engineEnv } = world.engine.envVars;
    execFileSync(
      world.engine.pulumiCommand.command,
      ["config", "set", "--secret", "flightdeck:jwtSecret", secret, "--stack", "production"],
      {
        cwd: join(world.server.dataDir, "workspaces", "production"),
        env: {
          ...process.env,
          ...engineEnv,
          PULUMI_CONFIG_PASSPHRASE_FILE: join(world.server.dataDir, "pulumi-passphrase"),
        },
        stdio: "pipe",
      },
    );
    world.repo.commit({ "services/api/handler.ts": "export const api = 2;\n" }, "api");
    const deployment = await client.deploy("production");
    assert.equal(deployment.status, "succeeded", JSON.stringify(deployment.error));
    deploymentId = deployment.id;
  });

  after(() => world.stop());

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

    const files = filesUnder(world.server.dataDir);
    assert.ok(files.some((file) => file.endsWith("journal.sqlite")));
    assert.ok(files.some((file) => file.includes(`${join("stacks", "flightdeck")}`)));
    for (const file of files) {
      assert.equal(readFileSync(file).includes(secret), false, `${file} holds the secret`);
    }
  });
});
