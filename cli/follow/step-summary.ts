import { formatDuration, formatPointer, shortHash, text } from "../format";

type Detail = Record<string, unknown>;

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

const pastTense: Record<string, string> = {
  create: "created",
  update: "updated",
  delete: "deleted",
  replace: "replaced",
  same: "unchanged",
};

/** `{ create: 2, same: 9 }` → "2 created, 9 unchanged", the engine's own counts in words. */
export function describeChanges(changes: unknown): string {
  if (!changes || typeof changes !== "object") return "";
  return Object.entries(changes as Record<string, number>)
    .map(([op, count]) => `${count} ${pastTense[op] ?? op}`)
    .join(", ");
}

interface HealthResult {
  service: string;
  ok: boolean;
  verdict: string;
  attempts: number;
}

function describeHealth(results: unknown): string {
  if (!Array.isArray(results)) return "";
  return (results as HealthResult[])
    .map(
      (r) =>
        `${r.service} ${r.ok ? "healthy" : r.verdict}${r.attempts > 1 ? ` (${r.attempts} looks)` : ""}`,
    )
    .join(", ");
}

function describeMoves(moves: unknown): string {
  if (!Array.isArray(moves)) return "";
  return (moves as Array<{ service: string; to: string }>)
    .map((move) => `${move.service} → ${formatPointer(move.service, String(move.to))}`)
    .join(", ");
}

/** What a finished step achieved, in a few words, from the facts it journaled. */
const byStep: Record<string, (detail: Detail) => string> = {
  preflight: (d) => `${text(d.ref)} → ${shortHash(text(d.commit))}`,
  "change-analysis": (d) => {
    const affected = list(d.affected);
    const files = list(d.changedFiles).length;
    const since = typeof d.baseCommit === "string" ? ` since ${shortHash(d.baseCommit)}` : "";
    const reason =
      d.reason === "changed files"
        ? `${files} changed file${files === 1 ? "" : "s"}${since}`
        : text(d.reason);
    return affected.length > 0
      ? `affects ${affected.join(", ")} (${reason})`
      : `nothing deployable changed (${reason})`;
  },
  install: (d) => (d.cached === true ? "dependencies cached" : "npm ci"),
  checks: (d) => `${list(d.passed).length} passed`,
  up: (d) => {
    const held = list(d.held);
    return [
      describeChanges(d.resourceChanges),
      held.length ? `traffic held for ${held.join(", ")}` : "",
    ]
      .filter(Boolean)
      .join("; ");
  },
  preview: (d) => describeChanges(d.changeSummary),
  verify: (d) => describeHealth(d.results),
  bake: (d) => `${text(d.rounds, "0")} round(s), ${describeHealth(d.health)}`,
  traffic: (d) => describeMoves(d.moves),
  pointers: (d) => describeMoves(d.moves),
  rollback: (d) => describeMoves(d.moves),
  release: (d) => `release ${text(d.tag, "?")}`,
  pin: (d) => (d.refreshed === true ? "pinned and refreshed" : "pinned"),
};

/** One line for a step that ended: its mark, name, duration and what it says. */
export function stepLine(
  name: string,
  status: string,
  ms: number,
  detail: Detail,
  colors: {
    green(s: string): string;
    red(s: string): string;
    yellow(s: string): string;
    dim(s: string): string;
  },
): string {
  const mark =
    status === "succeeded"
      ? colors.green("✓")
      : status === "failed"
        ? colors.red("✗")
        : colors.yellow(status === "skipped" ? "–" : "⊘");
  const failure = typeof detail.message === "string" ? detail.message : "";
  const summary = byStep[name]?.(detail) ?? "";
  const said = status === "succeeded" ? summary : failure || summary || status;
  return `  ${mark} ${name.padEnd(16)} ${colors.dim(formatDuration(ms).padStart(7))}  ${said}`.trimEnd();
}
