import { Sandbox } from "./sandbox/sandbox";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import Fastify, { type FastifyInstance } from "fastify";
import { repoRoot } from "../toolchain/paths";
import { registerAuth } from "./auth/auth-hook";
import { TokenStore } from "./auth/token-store";
import { createAwsClients, type AwsSettings } from "./aws/aws-clients";
import type { ServerConfig } from "./config";
import "./fastify-decorations";
import { describeMissing } from "./doctor/check-result";
import { Doctor, type DoctorReport } from "./doctor/doctor";
import { PulumiCli } from "./doctor/find-pulumi-cli";
import { openStateBucket } from "./engine/state-bucket";
import { SourceRepo } from "./git/source-repo";
import type { Journal } from "./journal/journal";
import { describeJournal, openJournal } from "./journal/open-journal";
import { LeaseKeeper } from "./operations/lease-keeper";
import { OperationEvents } from "./operations/operation-events";
import { RunningOperations } from "./operations/running-operations";
import { StackOperations } from "./operations/stack-operations";
import { clearPartialInstalls } from "./release-tree/dependencies";
import { clearWorktrees } from "./git/worktree";
import { buildValidator } from "./plugins/body-validators";
import { registerDocumentedErrors } from "./plugins/documented-errors";
import { registerErrorHandler } from "./plugins/error-handler";
import { registerMethodNotAllowed } from "./plugins/method-not-allowed";
import { commandEnvironments } from "./pipeline/command-env";
import { environmentSecrets } from "./secrets/environment-secrets";
import { maskedJournal } from "./journal/masked-journal";
import { builtDashboardDir, dashboardRoutes } from "./routes/dashboard";
import { deploymentRoutes } from "./routes/deployments";
import { healthRoute } from "./routes/health";
import { healthReadyRoute } from "./routes/health-ready";
import { withLinks } from "./routes/openapi-links";
import { ErrorSchema, OperationEventSchema, OperationSchema } from "./routes/schemas";
import { stackRoutes } from "./routes/stacks";
import { whoamiRoute } from "./routes/whoami";
import { Webhooks } from "./webhooks/webhooks";

export interface AppOptions {
  config: ServerConfig;
  pulumiCommand?: PulumiCommand;
  /** Extra environment for the engine (and the providers it starts). */
  engineEnv?: Record<string, string>;
  aws?: AwsSettings;
  /** Token store; from FLIGHTDECK_TOKENS(_FILE) or a generated admin token by default. */
  tokens?: TokenStore;
  /** Where logs go (stdout by default); the server's own redaction applies either way. */
  logStream?: NodeJS.WritableStream;
  /** The dashboard's built files; `dashboard/dist` of this checkout by default. */
  dashboardDir?: string;
}

const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  version: string;
};

/** Never log a credential, whatever logs the request. */
const redact = [
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  "headers.authorization",
  "*.headers.authorization",
  "token",
  "*.token",
];

function tokensFor(config: ServerConfig, log: FastifyInstance["log"]): TokenStore {
  if (config.tokens) return config.tokens;
  if (config.tokensFile) return TokenStore.fromFile(config.tokensFile, config.secretMask);
  const { store, path, created } = TokenStore.generatedAdmin(config.dataDir, config.secretMask);
  log.warn(
    { path },
    created ? "no tokens configured: created an admin token" : "using the admin token",
  );
  return store;
}

/** Says at start what operations will be refused for, and the fix for each. */
function logPrerequisites(log: FastifyInstance["log"], report: DoctorReport): void {
  if (report.ready) {
    log.info(
      { checks: report.checks },
      "prerequisites present: pulumi CLI, plugins, AWS, data, state",
    );
    return;
  }
  log.warn(
    { missing: report.checks.filter((check) => !check.ok) },
    `prerequisites missing, operations that need them are refused (GET /health/ready checks again): ${describeMissing(report.checks)}`,
  );
}

/** Builds the server without listening; the journal and engine are ready when it resolves. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const { secretMask } = config;
  const engineEnv = {
    PULUMI_SKIP_UPDATE_CHECK: "true",
    // The checks step typechecks the commit; the engine only needs to run it.
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    ...(config.pulumiHome ? { PULUMI_HOME: config.pulumiHome } : {}),
    // Explicit: the server's own environment no longer holds an operator's passphrase.
    // Without one, each stack gets its own (StackOperations.engineSettings).
    ...(config.pulumiPassphrase === undefined
      ? {}
      : { PULUMI_CONFIG_PASSPHRASE: config.pulumiPassphrase }),
    ...options.engineEnv,
  };
  // The engine sees the server's environment with its own variables over it.
  for (const value of environmentSecrets({ ...process.env, ...engineEnv })) secretMask.add(value);
  const awsSecret = options.aws?.credentials?.secretAccessKey;
  if (awsSecret) secretMask.add(awsSecret);
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // `redact` drops credentials by where they sit; the mask catches a secret's value
      // wherever it landed (an engine error, a command's output).
      redact,
      hooks: { streamWrite: (line: string) => secretMask.text(line) },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    // Unknown fields are refused, not silently dropped: a typo must not change a release.
    // verbose: a failed pattern is explained by its field's description.
    ajv: { customOptions: { removeAdditional: false, verbose: true } },
    schemaController: { compilersFactory: { buildValidator } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const journal: Journal = maskedJournal(await openJournal(config), secretMask);
  app.log.info(`journal: ${describeJournal(config)}`);
  const runningOperations = new RunningOperations();
  const operationEvents = new OperationEvents();
  const webhooks = new Webhooks({
    targets: config.webhooks,
    settings: config.webhookDelivery,
    journal,
    mask: secretMask,
    log: app.log,
  });
  // Not awaited: a notification never rejects, and closing the webhooks waits for it.
  operationEvents.onFinished((operation) => void webhooks.notify(operation));
  // What other instances journal reaches the streams here that follow their operations.
  const stopListening = await journal.listenEvents((operationId, seq) => {
    if (!runningOperations.isRunning(operationId))
      operationEvents.journaledElsewhere(operationId, seq);
  });
  // Decorated before any plugin registers, so every plugin can read them as it loads.
  app.decorate("config", config);
  app.decorate("runningOperations", runningOperations);
  app.decorate("operationEvents", operationEvents);
  app.decorate("journal", journal);

  const aws = createAwsClients(options.aws);
  const stateBucket = openStateBucket(config.stateBackendUrl, options.aws);
  // Releases come from commits of this repository, never from the server's own files.
  const source = new SourceRepo({
    repoDir: config.repoDir,
    repoUrl: config.repoUrl,
    cloneDir: join(config.dataDir, "repository.git"),
    branch: config.branch,
    releaseRefs: config.releaseRefs,
  });
  await source.prepare();
  const cli = new PulumiCli(options.pulumiCommand);
  const sandbox = new Sandbox(config.sandbox);
  // Found before recovery below, which may write pins through the engine.
  await cli.locate();
  const stacks = new StackOperations({
    projectName: "flightdeck",
    source,
    dataDir: config.dataDir,
    dependenciesDir: config.dependenciesDir,
    backendUrl: config.stateBackendUrl,
    stateBucket,
    secretsProvider: config.secretsProvider,
    checks: config.checks,
    commandEnv: commandEnvironments(config.commandEnv),
    secretMask,
    pathMap: config.pathMap,
    verify: config.verify,
    rolloutTimeoutMs: config.rolloutTimeoutMs,
    invalidationWaitMs: config.invalidationWaitMs,
    invalidationPollMs: config.invalidationPollMs,
    canaryProbeIntervalMs: config.canaryProbeIntervalMs,
    bake: config.bake,
    database: config.database,
    migrationsPath: config.migrationsPath,
    // Read at each use: a CLI installed after start is found by the doctor's next check.
    get pulumiCommand() {
      return cli.command;
    },
    engineEnv,
    sandbox,
    aws,
    journal,
    operationEvents,
    runningOperations,
    log: app.log,
  });

  // A crash may have left worktrees and half-done installs; no operation runs yet.
  await clearWorktrees(source.gitDir, stacks.worktreesRoot);
  await clearPartialInstalls(config.dependenciesDir);

  // Operations of a server that stopped are settled against AWS before this one serves.
  const leases = new LeaseKeeper(
    journal,
    runningOperations,
    aws,
    config.leaseMs,
    app.log,
    (stack, changes) => stacks.changePins(stack, changes),
    (operation, quietMs) => stacks.clearEngineLocks(operation, quietMs),
  );
  await leases.sweep();
  leases.start();
  const doctor = new Doctor({
    cli,
    engineEnv,
    source,
    dependenciesDir: config.dependenciesDir,
    dataDir: config.dataDir,
    backendUrl: config.stateBackendUrl,
    stateBucket,
    aws,
    sandbox,
  });
  app.decorate("doctor", doctor);
  // Not awaited: the server serves meanwhile, and readiness shares this first run.
  doctor.report().then(
    (report) => logPrerequisites(app.log, report),
    (error: unknown) => app.log.error({ err: error }, "the start-up doctor failed"),
  );
  app.addHook("onClose", async () => {
    // Before the journal closes: deliveries journal how they ended.
    await webhooks.close();
    await doctor.settle();
    await leases.stop();
    await stopListening();
    await journal.close();
  });

  registerErrorHandler(app);
  // Before auth: an unsupported method is a 405 whoever asks.
  registerMethodNotAllowed(app);
  registerDocumentedErrors(app);
  registerAuth(app, options.tokens ?? tokensFor(config, app.log));
  app.addSchema(OperationSchema);
  app.addSchema(ErrorSchema);
  app.addSchema(OperationEventSchema);
  await app.register(swagger, {
    openapi: {
      // 3.1: its schemas are JSON Schema, as the routes' own are (exclusive bounds, null).
      openapi: "3.1.0",
      info: { title: "flightdeck", description: "Release control for api, web and mcp", version },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    // Shared schemas keep their names (Operation, Error) in the document.
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === "string" ? json.$id : `def-${i}`,
    },
    transformObject: (documents) =>
      "openapiObject" in documents ? withLinks(documents.openapiObject) : documents.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  await app.register(healthRoute(version, config.sandboxWorld));
  await app.register(healthReadyRoute(doctor));
  await app.register(whoamiRoute);
  await app.register(stackRoutes(stacks));
  await app.register(
    deploymentRoutes({ journal, runningOperations, operationEvents, streams: config.streams }),
  );
  await app.register(dashboardRoutes(options.dashboardDir ?? builtDashboardDir));
  return app;
}
