// @ts-check
/**
 * The layers of automation/, from the bottom: a module imports only modules of its own
 * layer or of layers below it. Written here once; `npm run lint` (.dependency-cruiser.mjs)
 * enforces it and docs/architecture.md explains it. Entries are folders, or files when
 * they end in `.ts`.
 *
 * @type {{ members: string[]; holds: string }[]}
 */
export const layers = [
  {
    members: ["domain", "fs", "aws", "secrets", "sandbox", "settings", "shutdown.ts"],
    holds:
      "services, releases and live state; the operation's and domain errors; file helpers; AWS clients; the secret mask; the sandbox released code runs in; the shapes of the settings",
  },
  {
    members: ["journal", "plugins"],
    holds:
      "the journal (SQLite, PostgreSQL), its leases and its masked view; the HTTP error contract, which alone maps domain errors to statuses",
  },
  {
    members: ["release-tree", "invalidation", "webhooks", "analysis"],
    holds:
      "installs of a commit; CloudFront invalidations; signed notifications; canary analysis (a version's CloudWatch metrics read and judged by the rules), which needs only the AWS clients and the domain's errors, so that the traffic layer and the pipeline above can both use it",
  },
  {
    members: ["engine", "git"],
    holds:
      "the Pulumi engine (stacks, settings, locks, passphrases); the source repository, its worktrees and what may be released",
  },
  {
    members: ["traffic", "doctor"],
    holds:
      "reading and moving the three pointers, journaled moves, ECS rollouts, live state from AWS; prerequisites",
  },
  {
    members: ["operations"],
    holds:
      "one stack's operations: starting them under the stack's lock, leases, recovery, opening a released commit",
  },
  {
    members: ["pipeline", "reconcile"],
    holds: "the deploy, preview and refresh pipelines, one file per step; reconcile",
  },
  {
    members: ["rollback", "config.ts", "auth", "fastify-decorations.ts"],
    holds:
      "rollback planning and the rollback pipeline; the settings; tokens and scopes; what the server adds to Fastify's types",
  },
  {
    members: ["routes", "app.ts", "server.ts"],
    holds: "one file per endpoint; building the app; listening",
  },
];
