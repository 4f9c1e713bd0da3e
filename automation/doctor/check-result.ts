/** The prerequisites the doctor checks, in the order it reports them. */
export const checkNames = [
  "pulumi-cli",
  "provider-plugins",
  "aws-credentials",
  "data-dir",
  "state-backend",
  "sandbox",
] as const;

export type CheckName = (typeof checkNames)[number];

export interface CheckResult {
  name: CheckName;
  ok: boolean;
  /** What was found; never a secret value, as readiness is served without a token. */
  detail: string;
  /** The command or setting that fixes a failed check. */
  fix?: string;
  /** A check that passed only because the operator chose to run without its protection. */
  warning?: string;
}

export const passed = (name: CheckName, detail: string): CheckResult => ({
  name,
  ok: true,
  detail,
});

export const failed = (name: CheckName, detail: string, fix: string): CheckResult => ({
  name,
  ok: false,
  detail,
  fix,
});

/** One line per missing piece, for the start-up log and a refused operation's message. */
export function describeMissing(checks: CheckResult[]): string {
  return checks
    .filter((check) => !check.ok)
    .map((check) => `${check.name}: ${check.detail} (fix: ${check.fix ?? "see the detail"})`)
    .join("; ");
}

/** Errors from the SDK, git or the CLI can run long; a readiness answer stays readable. */
export function briefly(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).trim();
  const line = message.split("\n")[0] ?? "";
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
