import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { StepRecorder } from "../../automation/operations/step-recorder";
import { commandEnvironments } from "../../automation/pipeline/command-env";
import { commandEnvSetting } from "../../automation/pipeline/command-env-setting";
import { runDatabaseSteps } from "../../automation/pipeline/database-steps";
import { runCommand } from "../../automation/pipeline/run-checks";
import { SecretMask } from "../../automation/secrets/secret-mask";

const treeDir = mkdtempSync(join(tmpdir(), "flightdeck-command-env-"));
after(() => rmSync(treeDir, { recursive: true, force: true }));
const signal = new AbortController().signal;

const server = {
  PATH: process.env.PATH,
  HOME: "/home/deploy",
  DATABASE_URL: "postgres://migrator:s3cr%2Ft-pw@db.internal/app",
  PGPASSWORD: "pg-password-0123456789",
  BACKUP_BUCKET: "s3://backups-of-app",
  LINT_LEVEL: "strict-and-long",
};

/** Runs `printenv` of `names` in the step's environment: one line per variable set. */
async function seen(env: Record<string, string>, names: string[]): Promise<string> {
  const { code, output } = await runCommand(
    `printenv ${names.join(" ")}; true`,
    treeDir,
    env,
    signal,
  );
  assert.equal(code, 0);
  return output;
}

/** A recorder that runs each step and keeps its detail, without a journal. */
function recorder(details: Record<string, unknown>): StepRecorder {
  return {
    step: async (name, work, detail) => {
      const result = await work();
      details[name] = detail?.(result);
      return result;
    },
  } as StepRecorder;
}

describe("each step's own environment", () => {
  it("a check cannot see DATABASE_URL while migrate can; FLIGHTDECK_COMMAND_ENV is for backup and migrate", async () => {
    const names = commandEnvSetting(
      {
        ...server,
        FLIGHTDECK_COMMAND_ENV: "PGPASSWORD",
        FLIGHTDECK_MIGRATE_ENV: "DATABASE_URL",
        FLIGHTDECK_BACKUP_ENV: "BACKUP_BUCKET",
        FLIGHTDECK_CHECKS_ENV: "LINT_LEVEL",
      },
      new SecretMask(),
    );
    assert.deepEqual(names, {
      checks: ["LINT_LEVEL"],
      backup: ["PGPASSWORD", "BACKUP_BUCKET"],
      migrate: ["PGPASSWORD", "DATABASE_URL"],
    });
    const env = commandEnvironments(names, server);
    const all = ["DATABASE_URL", "PGPASSWORD", "BACKUP_BUCKET", "LINT_LEVEL"];
    assert.equal(await seen(env.checks, all), `${server.LINT_LEVEL}\n`);

    const details: Record<string, unknown> = {};
    await runDatabaseSteps(
      { backup: `printenv ${all.join(" ")}; true`, migrate: `printenv ${all.join(" ")}; true` },
      treeDir,
      env,
      recorder(details),
      signal,
    );
    const tail = (step: string) => (details[step] as { outputTail: string }).outputTail;
    assert.equal(tail("backup"), `${server.PGPASSWORD}\n${server.BACKUP_BUCKET}\n`);
    assert.equal(tail("migrate"), `${server.DATABASE_URL}\n${server.PGPASSWORD}\n`);
  });

  it("checks get only the allow-list unless a name is listed for them, a credential URL included", async () => {
    const none = commandEnvironments(commandEnvSetting({ ...server }, new SecretMask()), server);
    assert.deepEqual(none.checks, { PATH: server.PATH, HOME: server.HOME });
    const listed = commandEnvSetting(
      { ...server, FLIGHTDECK_CHECKS_ENV: "DATABASE_URL" },
      new SecretMask(),
    );
    assert.equal(
      await seen(commandEnvironments(listed, server).checks, ["DATABASE_URL"]),
      `${server.DATABASE_URL}\n`,
    );
  });

  it("refuses a list with something that is not a name, naming the variable and never the value", () => {
    for (const variable of [
      "FLIGHTDECK_CHECKS_ENV",
      "FLIGHTDECK_BACKUP_ENV",
      "FLIGHTDECK_MIGRATE_ENV",
    ])
      assert.throws(() => commandEnvSetting({ [variable]: "A,B=hunter2" }, new SecretMask()), {
        message: `${variable} must list variable names separated by commas, such as DATABASE_URL,PGPASSWORD; entry 2 is not a name`,
      });
  });
});

describe("the values of listed variables", () => {
  it("are all in the secret mask at start, a URL's password raw and decoded too", () => {
    const mask = new SecretMask();
    commandEnvSetting(
      {
        ...server,
        FLIGHTDECK_COMMAND_ENV: "PGPASSWORD",
        FLIGHTDECK_MIGRATE_ENV: "DATABASE_URL",
        FLIGHTDECK_BACKUP_ENV: "BACKUP_BUCKET",
        FLIGHTDECK_CHECKS_ENV: "LINT_LEVEL,UNSET_NAME",
      },
      mask,
    );
    for (const value of [
      server.DATABASE_URL,
      server.PGPASSWORD,
      server.BACKUP_BUCKET,
      server.LINT_LEVEL,
      "s3cr%2Ft-pw",
      "s3cr/t-pw",
    ])
      assert.equal(mask.text(`printed ${value} here`), "printed [secret] here", value);
    // Not listed for any step: not a secret of these commands.
    assert.equal(mask.text("home /home/deploy ok"), "home /home/deploy ok");
  });
});
