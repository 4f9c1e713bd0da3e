import { Format, Presets, SingleBar } from "cli-progress";
import { rolloutEventOf } from "../../client/rollout-event";
import type { OperationEventView } from "../../client/types";
import { between, formatDuration, shortHash, text } from "../format";
import type { Output } from "../output";
import { rolloutLines } from "./rollout-lines";
import { stepLine } from "./step-summary";

type Data = Record<string, unknown>;

interface RunningStep {
  name: string;
  /** The server's time, for the step's duration; the local one, for the live clock. */
  startedAt: string;
  startedHere: number;
}

/** A verification look that failed and is tried again, as the server streams it. */
function retryLine(data: Data): string {
  const seen =
    typeof data.lastError === "string"
      ? data.lastError
      : `HTTP ${text(data.lastStatus, "?")} reporting ${data.observedHash ? shortHash(text(data.observedHash)) : "no hash"}`;
  return `    ↻ ${text(data.service)} (${text(data.route)}) not ready: ${seen}; look ${text(data.attempt)}, next in ${formatDuration(Number(data.nextDelayMs))}`;
}

/**
 * Shows an operation's events to a person as they arrive: one line per finished step with
 * its duration, a bar of the engine's resources (done/total) while a step runs (on a
 * terminal), verification retries, engine errors and warnings. Lines are held back while
 * a question is on screen.
 */
export class ProgressView {
  private step: RunningStep | undefined;
  private readonly started = new Set<string>();
  private readonly done = new Set<string>();
  private bar: SingleBar | undefined;
  private held: string[] | undefined;
  /** A rollout waiting on a manual pause: the live line counts how long it has waited. */
  private manualPause: { waitedAtEvent: number; seenHere: number } | undefined;

  constructor(
    private readonly out: Output,
    /** The operation followed, named in the commands a paused rollout suggests. */
    private readonly operationId: string,
  ) {}

  handle(event: OperationEventView): void {
    const { data } = event;
    if (event.type === "step") this.onStep(event, data);
    else if (event.type === "engine") this.onEngine(data);
    else if (event.type === "log") this.onLog(event, data);
    else if (event.type === "status") this.stopBar();
  }

  /** Holds lines back (a question is on screen) and clears the bar. */
  pause(): void {
    this.stopBar();
    this.held ??= [];
  }

  /** Shows what was held back; the bar comes back only if the view goes on following. */
  resume(following: boolean): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const line of held) this.out.line(line);
    if (following) this.startBar();
  }

  stop(): void {
    this.stopBar();
  }

  /**
   * A message for stderr while following. The bar is cleared around it: it redraws its
   * line from a saved cursor position, which would overwrite anything written meanwhile.
   */
  notice(text: string): void {
    const running = this.bar !== undefined;
    this.stopBar();
    this.out.warn(text);
    if (running) this.startBar();
  }

  private print(line: string): void {
    if (this.held) return void this.held.push(line);
    const running = this.bar !== undefined;
    this.stopBar();
    this.out.line(line);
    if (running) this.startBar();
  }

  private onStep(event: OperationEventView, data: Data): void {
    const name = text(data.step);
    const status = text(data.status);
    if (status === "running") {
      this.stopBar();
      this.step = { name, startedAt: event.at, startedHere: Date.now() };
      this.started.clear();
      this.done.clear();
      if (!this.held) this.startBar();
      return;
    }
    const startedAt = this.step?.name === name ? this.step.startedAt : event.at;
    this.stopBar();
    this.step = undefined;
    this.manualPause = undefined;
    const { step: _step, status: _status, detail, ...rest } = data;
    const facts = (detail && typeof detail === "object" ? detail : rest) as Data;
    this.print(stepLine(name, status, between(startedAt, event.at), facts, this.out.color));
  }

  private onEngine(data: Data): void {
    const urn = text(data.urn);
    switch (data.kind) {
      case "resource-started":
        this.started.add(urn);
        break;
      case "resource-done":
        this.done.add(urn);
        break;
      case "resource-failed":
        this.done.add(urn);
        this.print(this.out.color.red(`    ✗ ${text(data.op)} ${urn.split("::").at(-1)} failed`));
        break;
      case "diagnostic": {
        // The engine's debug chatter and the program's stderr are in `logs --json`, not here.
        const severity = text(data.severity);
        if (severity !== "error" && severity !== "warning") return;
        const color = severity === "error" ? this.out.color.red : this.out.color.yellow;
        this.print(color(`    ! ${text(data.message).trim()}`));
        break;
      }
      default:
        return;
    }
    this.bar?.setTotal(this.started.size);
    this.bar?.update(this.done.size);
  }

  private onLog(event: OperationEventView, data: Data): void {
    const rollout = rolloutEventOf(event.type, data);
    if (rollout) {
      this.manualPause =
        rollout.state === "paused"
          ? {
              waitedAtEvent: rollout.pausedSince ? between(rollout.pausedSince, event.at) : 0,
              seenHere: Date.now(),
            }
          : undefined;
      for (const line of rolloutLines(this.operationId, rollout, event.at, this.out.color)) {
        this.print(line);
      }
      return;
    }
    if (data.kind === "verify-retry") return this.print(this.out.color.yellow(retryLine(data)));
    if (typeof data.message === "string") this.print(`    · ${data.message}`);
  }

  /** The live line of the running step: a spinner's worth of clock, and resources once there are any. */
  private startBar(): void {
    const step = this.step;
    if (!this.out.tty || !step || this.bar) return;
    const { color } = this.out;
    this.bar = new SingleBar(
      {
        stream: process.stdout,
        clearOnComplete: true,
        hideCursor: true,
        barsize: 24,
        // The clock ticks on while no event comes.
        forceRedraw: true,
        format: (options, params) => {
          const elapsed = formatDuration(Date.now() - step.startedHere).padStart(7);
          const pause = this.manualPause;
          const paused = pause
            ? `  ${color.yellow(`paused ${formatDuration(pause.waitedAtEvent + Date.now() - pause.seenHere)}`)}`
            : "";
          const line = `  ${color.cyan("…")} ${step.name.padEnd(16)} ${color.dim(elapsed)}${paused}`;
          // Steps that run no engine have no resources to count.
          if (params.total === 0) return line;
          const bar = Format.BarFormat(params.progress, options);
          return `${line}  ${bar} ${params.value}/${params.total} resources`;
        },
      },
      Presets.shades_classic,
    );
    this.bar.start(this.started.size, this.done.size);
  }

  private stopBar(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
