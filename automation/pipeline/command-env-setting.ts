import { maskValue } from "../secrets/mask-value";
import type { SecretMask } from "../secrets/secret-mask";
import type { CommandEnvNames } from "../settings/command-steps";

type Env = Record<string, string | undefined>;

/** `NAME1,NAME2`: environment variable names, never values. */
function names(env: Env, variable: string): string[] {
  const listed = (env[variable] ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  const bad = listed.findIndex((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
  // Never echoed: a value pasted there by mistake may be a secret.
  if (bad >= 0)
    throw new Error(
      `${variable} must list variable names separated by commas, such as DATABASE_URL,PGPASSWORD; entry ${bad + 1} is not a name`,
    );
  return listed;
}

const unique = (...lists: string[][]) => [...new Set(lists.flat())];

/**
 * What each step's commands get beyond the allow-list: FLIGHTDECK_CHECKS_ENV,
 * FLIGHTDECK_BACKUP_ENV and FLIGHTDECK_MIGRATE_ENV, plus FLIGHTDECK_COMMAND_ENV for
 * backup and migrate (its meaning before there was one list per step, less the checks).
 * Checks run whatever a commit's author wrote, so they get database credentials only
 * when named for them. Every listed variable's value joins the secret mask here, once
 * at start, before any command could print it.
 */
export function commandEnvSetting(env: Env, mask: SecretMask): CommandEnvNames {
  const shared = names(env, "FLIGHTDECK_COMMAND_ENV");
  const setting: CommandEnvNames = {
    checks: names(env, "FLIGHTDECK_CHECKS_ENV"),
    backup: unique(shared, names(env, "FLIGHTDECK_BACKUP_ENV")),
    migrate: unique(shared, names(env, "FLIGHTDECK_MIGRATE_ENV")),
  };
  for (const name of unique(setting.checks, setting.backup, setting.migrate)) {
    const value = env[name];
    if (value) maskValue(mask, value);
  }
  return setting;
}
