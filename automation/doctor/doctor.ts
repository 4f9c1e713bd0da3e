import type { AwsClients } from "../aws/aws-clients";
import type { StateBucket } from "../engine/state-bucket";
import type { SourceRepo } from "../git/source-repo";
import { unavailable } from "../domain/domain-error";
import { checkAwsCredentials } from "./aws-credentials";
import {
  briefly,
  checkNames,
  describeMissing,
  failed,
  type CheckName,
  type CheckResult,
} from "./check-result";
import { checkDataDir } from "./data-dir";
import type { PulumiCli } from "./find-pulumi-cli";
import { checkProviderPlugins } from "./provider-plugins";
import { checkPulumiCli } from "./pulumi-cli";
import { programPlugins } from "./required-plugins";
import { checkSandbox } from "./sandbox-check";
import { checkStateBackend } from "./state-backend";
import type { Sandbox } from "../sandbox/sandbox";

export interface DoctorReport {
  ready: boolean;
  checks: CheckResult[];
  checkedAt: string;
}

export interface DoctorOptions {
  cli: PulumiCli;
  engineEnv: Record<string, string>;
  source: SourceRepo;
  dependenciesDir: string;
  dataDir: string;
  backendUrl: string;
  /** An S3 backend's bucket, reached with the URL's endpoint and path style, as the engine does. */
  stateBucket?: StateBucket;
  aws: AwsClients;
  sandbox: Sandbox;
  /** How long a report is reused, so readiness probes cannot make the server spawn at will. */
  maxAgeMs?: number;
}

/** What each operation needs before it starts. */
const needs = {
  // Everything that runs the engine on the released program.
  deploy: checkNames,
  preview: checkNames,
  refresh: checkNames,
  // Pointer moves need AWS; the pins that keep them through the next `up` need the engine
  // and the state, though not the program's providers (its refresh comes after the pins).
  // The pins' refresh runs the program, in the sandbox.
  rollback: ["pulumi-cli", "aws-credentials", "data-dir", "state-backend", "sandbox"],
  reconcile: ["pulumi-cli", "aws-credentials", "data-dir", "state-backend", "sandbox"],
  invalidate: ["aws-credentials"],
} satisfies Record<string, readonly CheckName[]>;

export type GuardedOperation = keyof typeof needs;

/** A check that hangs (an SDK provider, a stuck mount) must not hold readiness hostage. */
const checkTimeoutMs = 20_000;

async function bounded(name: CheckName, check: () => Promise<CheckResult>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(
      () =>
        resolve(failed(name, `no answer within ${checkTimeoutMs / 1000} s`, "see the server log")),
      checkTimeoutMs,
    );
  });
  try {
    return await Promise.race([
      check().catch((error: unknown) =>
        failed(name, `the check failed: ${briefly(error)}`, "see the server log"),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The start-up doctor: whether this server can run what it is asked to, checked at start,
 * for readiness and before operations. Concurrent callers share one run, and a report is
 * reused for a few seconds.
 */
export class Doctor {
  private last?: { report: DoctorReport; at: number };
  private running?: Promise<DoctorReport>;

  constructor(private readonly options: DoctorOptions) {}

  report(): Promise<DoctorReport> {
    const maxAgeMs = this.options.maxAgeMs ?? 5_000;
    if (this.last && Date.now() - this.last.at < maxAgeMs) return Promise.resolve(this.last.report);
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Waits for a run in progress, so nothing is checked after the server closed. */
  async settle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /** Refuses an operation, with 503 naming each missing piece and its fix, before it starts. */
  async require(operation: GuardedOperation): Promise<void> {
    const needed: readonly CheckName[] = needs[operation];
    const { checks } = await this.report();
    const missing = checks.filter((check) => !check.ok && needed.includes(check.name));
    if (missing.length === 0) return;
    throw unavailable(
      "prerequisite_missing",
      `${operation} needs what this server lacks: ${describeMissing(missing)}`,
      { missing: missing.map(({ name, detail, fix }) => ({ name, detail, fix })) },
    );
  }

  private async run(): Promise<DoctorReport> {
    const { cli, engineEnv, source, dependenciesDir, dataDir, backendUrl, stateBucket, aws } =
      this.options;
    const { sandbox } = this.options;
    // The CLI first: listing the installed plugins needs the one it finds.
    const pulumiCli = await bounded("pulumi-cli", () => checkPulumiCli(cli, engineEnv));
    const rest = await Promise.all([
      bounded("provider-plugins", async () =>
        checkProviderPlugins({
          command: cli.command,
          program: await programPlugins({
            gitDir: source.gitDir,
            branch: source.options.branch,
            dependenciesDir,
          }),
          engineEnv,
        }),
      ),
      bounded("aws-credentials", () => checkAwsCredentials(aws)),
      bounded("data-dir", () => checkDataDir(dataDir)),
      bounded("state-backend", () => checkStateBackend(backendUrl, stateBucket?.client ?? aws.s3)),
      bounded("sandbox", () => checkSandbox(sandbox)),
    ]);
    const checks = [pulumiCli, ...rest];
    const report = {
      ready: checks.every((check) => check.ok),
      checks,
      checkedAt: new Date().toISOString(),
    };
    this.last = { report, at: Date.now() };
    return report;
  }
}
