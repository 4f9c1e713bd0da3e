import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A real pseudo-terminal: a command run in a detached tmux session on a server socket
 * of its own (never the user's tmux), read back with capture-pane and typed into with
 * send-keys. The pane stays after the command ends and prints its exit code. UTF-8 is
 * forced (-u): a detached server cannot tell it from a client's locale.
 */
export class TmuxTerminal {
  private readonly socket = `flightdeck-test-${randomUUID().slice(0, 8)}`;
  private readonly session = "cli";

  /** `env` is all the command gets: the tmux server started here passes it on. */
  constructor(
    command: string[],
    private readonly env: Record<string, string>,
    cwd: string,
  ) {
    const quoted = command.map((part) => `'${part.replaceAll("'", `'\\''`)}'`).join(" ");
    // The exit code is printed where the test can read it; the pane then waits to be read.
    // Ctrl-C reaches the whole foreground job: the shell traps it (a trap, not an ignore,
    // which the command would inherit) so that it outlives the command it is waiting for.
    const script = `trap 'true' INT; ${quoted}; echo "[exit $?]"; sleep 3600`;
    this.tmux([
      "new-session",
      "-d",
      "-x",
      "200",
      "-y",
      "50",
      "-s",
      this.session,
      "-c",
      cwd,
      "sh",
      "-c",
      script,
    ]);
  }

  private tmux(args: string[]): string {
    return execFileSync("tmux", ["-u", "-L", this.socket, "-f", "/dev/null", ...args], {
      encoding: "utf8",
      env: this.env,
    });
  }

  /** What the terminal shows now (with its scrollback), without trailing blank lines. */
  screen(): string {
    return this.tmux(["capture-pane", "-p", "-J", "-S", "-200", "-t", this.session]).trimEnd();
  }

  /** Waits until the screen matches, and returns it. */
  async waitFor(pattern: RegExp, timeoutMs = 120_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`the terminal never showed ${pattern}; it shows:\n${screen}`);
      }
      await sleep(200);
    }
  }

  /** The command's exit code, once it has ended. */
  async exitCode(timeoutMs = 180_000): Promise<number> {
    const screen = await this.waitFor(/\[exit \d+\]/, timeoutMs);
    return Number(/\[exit (\d+)\]/.exec(screen)![1]);
  }

  type(keys: string): void {
    this.tmux(["send-keys", "-t", this.session, "-l", keys]);
    this.tmux(["send-keys", "-t", this.session, "Enter"]);
  }

  /** Ctrl-C, as a person presses it: the terminal sends SIGINT to the foreground job. */
  interrupt(): void {
    this.tmux(["send-keys", "-t", this.session, "C-c"]);
  }

  close(): void {
    try {
      this.tmux(["kill-server"]);
    } catch {
      // Already gone.
    }
  }
}
