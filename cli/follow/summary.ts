import {
  serviceNames,
  type OperationView,
  type ServiceName,
  type StackView,
} from "../../client/types";
import { between, formatDuration, formatPointer, shortHash, text } from "../format";
import type { Output } from "../output";
import { describeChanges } from "./step-summary";

/** What each service runs, one line each: release, hash, pointer. */
export function liveLines(out: Output, live: StackView["live"], only?: ServiceName[]): string[] {
  if (!live) return [];
  return serviceNames
    .filter((service) => !only || only.includes(service))
    .map((service) => {
      const s = live[service];
      const release = s.unreleased ? out.color.yellow("unreleased") : `release ${s.tag}`;
      const weights = s.weights ? `  weights ${JSON.stringify(s.weights)}` : "";
      return `    ${service}  ${release.padEnd(10)}  ${shortHash(s.gitHash)}  ${formatPointer(service, s.pointer)}${weights}`;
    });
}

function headline(out: Output, operation: OperationView): string {
  const { kind, status, stack } = operation;
  const took = operation.finishedAt
    ? ` in ${formatDuration(between(operation.createdAt, operation.finishedAt))}`
    : "";
  const { green, red, yellow, bold } = out.color;
  if (status === "succeeded") {
    const what =
      kind === "deploy"
        ? `release ${operation.releaseTag ?? "?"} of ${stack}, commit ${shortHash(operation.commit ?? "?")}`
        : kind === "rollback"
          ? `${stack} back on release ${operation.releaseTag ?? "?"}`
          : stack;
    return bold(green(`${kind} succeeded: ${what}${took}`));
  }
  if (status === "skipped")
    return yellow(`${kind} skipped${took}: ${text(operation.summary?.reason)}`);
  const why = operation.error ? ` (${operation.error.code}): ${operation.error.message}` : "";
  const rolledBack = operation.rolledBack ? ", rolled back" : "";
  return bold(red(`${kind} ${status}${rolledBack}${took}${why}`));
}

/** A preview's plan: what a deploy would change, resource by resource. */
function previewLines(operation: OperationView): string[] {
  const summary = operation.summary ?? {};
  const plan = Array.isArray(summary.plan) ? (summary.plan as Array<Record<string, string>>) : [];
  const affected = Array.isArray(summary.affected) ? summary.affected.join(", ") : "";
  const held =
    Array.isArray(summary.held) && summary.held.length
      ? `; traffic held: ${summary.held.join(", ")}`
      : "";
  return [
    `    affects ${affected || "nothing"}${held}`,
    `    ${describeChanges(summary.changeSummary) || "no changes"}`,
    ...plan.map((step) => `      ${String(step.op).padEnd(8)} ${step.name}  ${step.type}`),
  ];
}

/**
 * The end of a followed operation: the outcome with its release tag, commit and total
 * time, then what each service runs now (hash and pointer), or a preview's plan.
 */
export function printSummary(
  out: Output,
  operation: OperationView,
  stack: StackView | undefined,
): void {
  out.line();
  out.line(headline(out, operation));
  if (operation.kind === "preview") {
    if (operation.status === "succeeded")
      for (const line of previewLines(operation)) out.line(line);
    return;
  }
  if (stack?.live) {
    out.line(out.color.dim("  live now:"));
    for (const line of liveLines(out, stack.live)) out.line(line);
  }
}
