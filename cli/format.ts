import { shortHash } from "../client/rollback-plan";

/** 0.4s, 12.3s, 2m05s: precise when short, readable when long. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

/** Milliseconds between two ISO timestamps of the server's clock. */
export const between = (from: string, to: string) => Math.max(0, Date.parse(to) - Date.parse(from));

/** Shared with the dry-run text, which shortens hashes the same way. */
export { shortHash };

/** What a pointer is, per service: a Lambda version, a web release prefix, a task definition revision. */
export function formatPointer(service: string, pointer: string): string {
  switch (service) {
    case "api":
      return `version ${pointer}`;
    case "web":
      return `prefix ${shortHash(pointer)}`;
    case "mcp":
      // arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision> → <family>:<revision>
      return `task ${pointer.split("/").at(-1) ?? pointer}`;
    default:
      return pointer;
  }
}

/** A local, minute-precise time for lists. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A journaled fact as text: strings and numbers as they are, anything else as `fallback`. */
export const text = (value: unknown, fallback = ""): string =>
  typeof value === "string" || typeof value === "number" ? String(value) : fallback;
