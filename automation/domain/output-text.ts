import type { OutputMap } from "@pulumi/pulumi/automation";

/** A required output as text (a number counts, as its digits). */
export function outputText(outputs: OutputMap, name: string): string {
  const value = outputs[name]?.value as unknown;
  if (typeof value === "number") return String(value);
  if (typeof value !== "string" || value === "") {
    throw new Error(`the stack has no output "${name}"; is this flightdeck's program?`);
  }
  return value;
}
