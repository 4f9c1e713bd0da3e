import type { ServiceName } from "../../../client/types";

/** Git hashes as people quote them. */
export const shortHash = (hash: string): string => hash.slice(0, 7);

/** A pointer as each service names it: Lambda version, task definition revision, web release. */
export function pointerLabel(service: ServiceName, pointer: string): string {
  switch (service) {
    case "api":
      return `version ${pointer}`;
    case "mcp":
      // arn:aws:ecs:…:task-definition/<family>:<revision>
      return `task definition ${pointer.split("/").pop() ?? pointer}`;
    case "web":
      return `release ${shortHash(pointer)}`;
  }
}

/** Timestamps in UTC, to the second: the same for everyone reading the page. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** Milliseconds between two timestamps, up to `now` for one still running. */
export const elapsedMs = (startedAt: string, finishedAt: string | undefined, now: number) =>
  Math.max(0, (finishedAt ? Date.parse(finishedAt) : now) - Date.parse(startedAt));

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}
