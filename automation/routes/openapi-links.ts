/**
 * OpenAPI links: which answer feeds which next call (a started operation's id → its
 * page, its events, its cancel, its webhook deliveries; a deploy's → its rollout's commands). Clients and API fuzzers follow
 * them from one call to the next; @fastify/swagger has no place for them in a route
 * schema, so they are added to the finished document.
 */

type Link = { operationRef: string; parameters: Record<string, string> };
type Responses = Record<string, { links?: Record<string, Link> }>;
type Document = { paths?: Record<string, Record<string, { responses?: Responses }>> };

const ref = (path: string, method: string) => `#/paths/${path.replaceAll("/", "~1")}/${method}`;

const toOperation = (id: string): Record<string, Link> => ({
  GetDeployment: { operationRef: ref("/deployments/{id}", "get"), parameters: { id } },
  DeploymentEvents: { operationRef: ref("/deployments/{id}/events", "get"), parameters: { id } },
  CancelDeployment: {
    operationRef: ref("/deployments/{id}/cancel", "post"),
    parameters: { id },
  },
  DeploymentWebhooks: {
    operationRef: ref("/deployments/{id}/webhooks", "get"),
    parameters: { id },
  },
});

const started = toOperation("$response.body#/deployment/id");
/** A started deploy's rollout, steered by these while its `rollout` step runs. */
const toRollout = Object.fromEntries(
  ["pause", "resume", "promote", "abort"].map((command) => [
    `${command[0]!.toUpperCase()}${command.slice(1)}Rollout`,
    {
      operationRef: ref(`/deployments/{id}/${command}`, "post"),
      parameters: { id: "$response.body#/deployment/id" },
    },
  ]),
);
const toInvalidation = {
  GetInvalidation: {
    operationRef: ref("/stacks/{stack}/invalidations/{id}", "get"),
    parameters: { stack: "$request.path.stack", id: "$response.body#/invalidation/id" },
  },
};

type Placed = [path: string, method: string, status: string, Record<string, Link>];

const links: Placed[] = [
  ...["deploy", "preview", "refresh", "rollback"].map((kind): Placed => [
    `/stacks/{stack}/${kind}`,
    "post",
    "202",
    started,
  ]),
  ["/stacks/{stack}/deploy", "post", "202", toRollout],
  ["/deployments/{id}/cancel", "post", "202", started],
  ["/stacks/{stack}/invalidate", "post", "200", toInvalidation],
  ["/stacks/{stack}/invalidate", "post", "201", toInvalidation],
];

export function withLinks<T extends object>(document: T): T {
  const { paths } = document as Document;
  for (const [path, method, status, added] of links) {
    const response = paths?.[path]?.[method]?.responses?.[status];
    if (response) response.links = { ...response.links, ...added };
  }
  return document;
}
