import { createInterface } from "node:readline";

export type Answer = "yes" | "no" | "interrupted";

/**
 * Asks a y/n question on the terminal until it gets one. Ctrl-C at the prompt reaches
 * readline, not the process (the terminal is in raw mode), and answers "interrupted", as
 * does Ctrl-D or an abort of `signal`.
 */
export function askYesNo(question: string, signal?: AbortSignal): Promise<Answer> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  return new Promise<Answer>((resolve) => {
    // Whatever made the question moot (the operation ended) closes it unanswered.
    signal?.addEventListener("abort", () => {
      process.stdout.write("\n");
      rl.close();
    });
    // Settled before closing: closing emits "close", which would answer "interrupted".
    const done = (answer: Answer) => {
      resolve(answer);
      rl.close();
    };
    rl.on("SIGINT", () => {
      process.stdout.write("\n");
      done("interrupted");
    });
    // Ctrl-D: no answer will come.
    rl.on("close", () => resolve("interrupted"));
    const ask = () =>
      rl.question(`${question} (y/n) `, (reply) => {
        const answer = reply.trim().toLowerCase();
        if (answer === "y" || answer === "yes") done("yes");
        else if (answer === "n" || answer === "no") done("no");
        else ask();
      });
    ask();
  });
}

/** Asks for a line, showing the answer (a URL); the default is taken on Enter. */
export function askLine(question: string, fallback?: string): Promise<string | undefined> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  return new Promise((resolve) => {
    rl.on("SIGINT", () => {
      process.stdout.write("\n");
      rl.close();
    });
    rl.on("close", () => resolve(undefined));
    rl.question(`${question}${fallback ? ` [${fallback}]` : ""}: `, (reply) => {
      resolve(reply.trim() || fallback);
      rl.close();
    });
  });
}

/**
 * Asks for a secret (a token) without echoing it: the terminal goes raw and the keys
 * are read one by one. Undefined on Ctrl-C or Ctrl-D.
 */
export function askSecret(question: string): Promise<string | undefined> {
  const { stdin, stdout } = process;
  stdout.write(`${question}: `);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding("utf8");
  let typed = "";
  return new Promise((resolve) => {
    const finish = (value: string | undefined) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      stdout.write("\n");
      resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return finish(typed.trim());
        if (char === "\u0003" || char === "\u0004") return finish(undefined);
        if (char === "\u007f" || char === "\b") typed = typed.slice(0, -1);
        else if (char >= " ") typed += char;
      }
    };
    stdin.on("data", onData);
  });
}
