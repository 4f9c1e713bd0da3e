import type { StepRecorder } from "../operations/step-recorder";
import type { ProcessStarter } from "../sandbox/process-starter";
import type { CommandEnvironments } from "../settings/command-steps";
import type { DatabaseCommands } from "../settings/database-commands";
import { PipelineError } from "../domain/operation-error";
import { outputTail, runCommand } from "./run-checks";

/**
 * The `backup` then the `migrate` step, after the checks and before `up`: a failing one
 * stops the deploy before any build is published or any pointer moves. Each runs with an
 * environment of its own (`env[step]`) and records its duration and the tail of its
 * output. There is no down-migration step: a rollback never runs one on its own.
 */
export async function runDatabaseSteps(
  commands: DatabaseCommands,
  treeDir: string,
  env: Pick<CommandEnvironments, "backup" | "migrate">,
  recorder: StepRecorder,
  signal: AbortSignal,
  start?: ProcessStarter,
): Promise<void> {
  for (const step of ["backup", "migrate"] as const) {
    const command = commands[step];
    if (!command) continue;
    await recorder.step(
      step,
      async () => {
        const started = Date.now();
        const { code, output } = await runCommand(command, treeDir, env[step], signal, start);
        const detail = {
          command,
          durationMs: Date.now() - started,
          outputTail: outputTail(output),
        };
        if (code !== 0)
          throw new PipelineError(
            `${step}_failed`,
            `${step} command \`${command}\` failed with exit code ${code}; nothing was deployed`,
            detail,
          );
        return detail;
      },
      (r) => r,
    );
  }
}
