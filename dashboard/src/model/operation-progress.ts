import { rolloutEventOf } from "../../../client/rollout-event";
import type { OperationEventView, OperationView } from "../../../client/types";
import { isFacts, num, text, type Facts } from "./event-data";
import { foldRollout, type RolloutProgress } from "./rollout-progress";

export type StepView = OperationView["steps"][number];

export interface ResourceView {
  urn: string;
  name: string;
  type: string;
  op: string;
  state: "running" | "done" | "failed";
}

export interface Diagnostic {
  seq: number;
  severity: string;
  message: string;
}

/** What an operation's events tell so far, folded in seq order. */
export interface Progress {
  lastSeq: number;
  /** Step changes seen in events, by step name, in the order steps started. */
  steps: StepView[];
  /** Engine resources, in the order the engine first touched them. */
  resources: ResourceView[];
  /** The engine's diagnostics worth reading (debug ones are left out). */
  diagnostics: Diagnostic[];
  /** Earlier engine events the server folded into one summary (bounded journal). */
  foldedEvents: number;
  /** The engine's own summary: resource changes and duration. */
  engineSummary: Facts | undefined;
  logs: Array<{ at: string; message: string }>;
  /** Each service's rollout, from the rollout's log events. */
  rollouts: RolloutProgress[];
  /** The final status event: the operation is over. */
  final: Facts | undefined;
}

export const emptyProgress: Progress = {
  lastSeq: 0,
  steps: [],
  resources: [],
  diagnostics: [],
  foldedEvents: 0,
  engineSummary: undefined,
  logs: [],
  rollouts: [],
  final: undefined,
};

const resourceName = (urn: string) => urn.split("::").pop() ?? urn;

const resourceStates: Record<string, ResourceView["state"]> = {
  "resource-started": "running",
  "resource-done": "done",
  "resource-failed": "failed",
};

function foldStep(steps: StepView[], at: string, data: Facts): void {
  const name = text(data, "step");
  const status = text(data, "status");
  if (!name || !status) return;
  // A failed step carries its message and details beside the status, not under `detail`.
  const { step: _step, status: _status, detail, ...failure } = data;
  const stepDetail = isFacts(detail)
    ? detail
    : Object.keys(failure).length > 0
      ? failure
      : undefined;
  const index = steps.findIndex((step) => step.name === name);
  const finished = status !== "running";
  const next: StepView = {
    name,
    status,
    startedAt: (finished ? steps[index]?.startedAt : undefined) ?? at,
    ...(finished ? { finishedAt: at } : {}),
    ...(stepDetail ? { detail: stepDetail } : {}),
  };
  if (index === -1) steps.push(next);
  else steps[index] = next;
}

function foldEngine(
  progress: Progress,
  resources: Map<string, ResourceView>,
  seq: number,
  data: Facts,
) {
  const kind = text(data, "kind");
  const urn = text(data, "urn");
  const state = kind ? resourceStates[kind] : undefined;
  if (state && urn) {
    resources.set(urn, {
      urn,
      name: resourceName(urn),
      type: text(data, "type") ?? "",
      op: text(data, "op") ?? "",
      state,
    });
  } else if (kind === "diagnostic" && text(data, "severity") !== "debug") {
    progress.diagnostics.push({
      seq,
      severity: text(data, "severity") ?? "info",
      message: (text(data, "message") ?? "").trim(),
    });
  } else if (kind === "summary") {
    progress.engineSummary = data;
  } else if (kind === "summarized") {
    progress.foldedEvents += num(data, "events") ?? 0;
  }
}

function foldLog(progress: Progress, event: OperationEventView): void {
  const rollout = rolloutEventOf(event.type, event.data);
  if (rollout) progress.rollouts = foldRollout(progress.rollouts, rollout, event.at);
  // A rollout event too malformed to read is no log line either.
  else if (text(event.data, "kind") !== "rollout") {
    progress.logs.push({ at: event.at, message: text(event.data, "message") ?? "" });
  }
}

/** Folds a batch of events into the progress so far; events already seen are skipped. */
export function foldEvents(before: Progress, events: OperationEventView[]): Progress {
  const progress: Progress = {
    ...before,
    steps: [...before.steps],
    diagnostics: [...before.diagnostics],
    logs: [...before.logs],
  };
  const resources = new Map(before.resources.map((resource) => [resource.urn, resource]));
  for (const event of events) {
    if (event.seq <= progress.lastSeq) continue;
    progress.lastSeq = event.seq;
    if (event.type === "step") foldStep(progress.steps, event.at, event.data);
    else if (event.type === "engine") foldEngine(progress, resources, event.seq, event.data);
    else if (event.type === "log") foldLog(progress, event);
    else if (event.type === "status") progress.final = event.data;
  }
  progress.resources = [...resources.values()];
  return progress;
}

/**
 * The steps to show: the journal's own record once the operation is over (complete, with
 * exact timings); while it runs, that record with the streamed changes laid over it.
 */
export function currentSteps(operation: OperationView, progress: Progress): StepView[] {
  if (operation.status !== "running") return operation.steps;
  const steps = [...operation.steps];
  for (const streamed of progress.steps) {
    const index = steps.findIndex((step) => step.name === streamed.name);
    if (index === -1) steps.push(streamed);
    else if (streamed.finishedAt || !steps[index]?.finishedAt) steps[index] = streamed;
  }
  return steps;
}
