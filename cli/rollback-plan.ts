import { rollbackPlanLines, type PlanTone } from "../client/rollback-plan";
import type { RollbackPlanView, StackView } from "../client/types";
import { formatPointer } from "./format";
import type { Output } from "./output";

/** The shared dry-run text, coloured for a terminal: what needs a look stands out. */
export function planLines(
  out: Output,
  stack: string,
  plan: RollbackPlanView,
  live: StackView["live"],
): string[] {
  const { bold, dim, yellow } = out.color;
  const paint: Record<PlanTone, (text: string) => string> = {
    title: bold,
    change: (text) => text,
    unchanged: dim,
    warning: yellow,
  };
  return rollbackPlanLines(stack, plan, live, formatPointer).map(({ tone, text }) =>
    paint[tone](text),
  );
}
