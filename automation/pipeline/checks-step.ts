import type { ReleaseProgram } from "../operations/stack-operations";
import type { DeployInput } from "./deploy-input";
import { runDatabaseSteps } from "./database-steps";
import { runChecks } from "./run-checks";

type CommandsInput = Pick<
  DeployInput,
  "checks" | "database" | "commandEnv" | "recorder" | "signal"
>;

/** The `checks` step: the configured commands must pass in the commit's tree, in its sandbox. */
export async function checksStep(input: CommandsInput, program: ReleaseProgram): Promise<void> {
  await input.recorder.step(
    "checks",
    () =>
      runChecks(input.checks, program.dir, input.commandEnv.checks, input.signal, program.start),
    (r) => r,
  );
}

/** The `backup` and `migrate` steps (database-steps.ts), before anything is published. */
export async function databaseStep(input: CommandsInput, program: ReleaseProgram): Promise<void> {
  const { database, commandEnv, recorder, signal } = input;
  await runDatabaseSteps(database, program.dir, commandEnv, recorder, signal, program.start);
}
