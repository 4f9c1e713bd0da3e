import pc from "picocolors";
import type { Colors } from "picocolors/types";

/**
 * Where a command writes. People get lines (coloured on a terminal, unless NO_COLOR);
 * scripts that pass `--json` get exactly one JSON document on stdout, or one per line
 * where a command says it streams (`logs --json`), and nothing else there.
 */
export interface Output {
  readonly json: boolean;
  /** stdout is a terminal: colours, a progress bar, lines redrawn in place. */
  readonly tty: boolean;
  /** stdin and stdout are a terminal and no script asked for JSON: a person can answer. */
  readonly interactive: boolean;
  readonly color: Colors;
  /** A line for people; silent under `--json`. */
  line(text?: string): void;
  /** A JSON document for scripts; silent without `--json`. */
  data(value: unknown): void;
  /** A warning or error for people, on stderr whatever the mode. */
  warn(text: string): void;
}

export function createOutput(options: {
  json: boolean;
  env?: Record<string, string | undefined>;
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
}): Output {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const tty = stdout.isTTY === true;
  // https://no-color.org: any non-empty NO_COLOR turns colours off.
  const colored = tty && !options.json && !env.NO_COLOR;
  const color = pc.createColors(colored);
  return {
    json: options.json,
    tty,
    interactive: tty && stdin.isTTY === true && !options.json,
    color,
    line: (text = "") => {
      if (!options.json) stdout.write(`${text}\n`);
    },
    data: (value) => {
      if (options.json) stdout.write(`${JSON.stringify(value)}\n`);
    },
    warn: (text) => {
      process.stderr.write(`${text}\n`);
    },
  };
}
