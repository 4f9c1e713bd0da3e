import type { PulumiCommand } from "@pulumi/pulumi/automation";

export interface CountedPulumi {
  command: PulumiCommand;
  /** Each CLI call so far, by its first words (`up`, `stack output`, `config`). */
  calls: string[];
}

/**
 * The real CLI, with every call it is asked to run written down: what a run costs in
 * engine starts, each of which is the CLI's own start-up (about 140 ms here).
 */
export function countedPulumi(base: PulumiCommand): CountedPulumi {
  const calls: string[] = [];
  // `run` is what a workspace calls; the SDK's declarations leave it out.
  const { run: baseRun } = base as unknown as { run: (...args: unknown[]) => Promise<unknown> };
  const run = (args: string[], ...rest: unknown[]) => {
    calls.push(args.slice(0, args[0] === "stack" ? 2 : 1).join(" "));
    return baseRun.call(base, args, ...rest);
  };
  return { command: Object.assign(Object.create(base) as PulumiCommand, { run }), calls };
}
