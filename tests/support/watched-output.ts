import type { ChildProcess } from "node:child_process";
import { once } from "node:events";

export interface WatchedOutput {
  /** Everything it wrote so far, stdout and stderr as they came. */
  output: () => string;
  /** Waits until its output contains `text`, failing with the output after `timeoutMs` or at its exit. */
  waitFor: (text: string, timeoutMs?: number) => Promise<void>;
  /** Resolves with its exit code once it exited. */
  exited: Promise<number | null>;
}

/** Collects a child's stdout and stderr (both piped) and waits for what it prints. */
export function watchOutput(child: ChildProcess, what = "the process"): WatchedOutput {
  let output = "";
  const seen = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    seen.forEach((check) => check());
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = (once(child, "exit") as Promise<[number | null]>).then(([code]) => code);

  const waitFor = (text: string, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        seen.delete(check);
        reject(new Error(`no "${text}" from ${what} within ${timeoutMs} ms:\n${output}`));
      }, timeoutMs);
      const check = () => {
        if (!output.includes(text)) return;
        clearTimeout(timer);
        seen.delete(check);
        resolve();
      };
      seen.add(check);
      void exited.then((code) => {
        if (!seen.has(check)) return;
        clearTimeout(timer);
        seen.delete(check);
        reject(new Error(`${what} exited with ${code} before "${text}":\n${output}`));
      });
      check();
    });
  return { output: () => output, waitFor, exited };
}
