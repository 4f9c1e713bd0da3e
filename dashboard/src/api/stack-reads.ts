import type { ApiClient } from "../../../client/api-client";
import type {
  OperationPageView,
  OperationView,
  ReleaseList,
  ReleaseView,
  StackList,
  StackView,
} from "../../../client/types";

/** Operations read per kind: enough for a history screen, bounded by the API's page size. */
const pageSize = 50;

export interface StackReads {
  view: StackView;
  /** Newest first. */
  releases: ReleaseView[];
  /** Deploys and rollbacks, newest first (the latest page of each). */
  deploys: OperationView[];
  rollbacks: OperationView[];
}

const path = (stack: string) => `/stacks/${encodeURIComponent(stack)}`;

const operations = (client: ApiClient, stack: string, kind: string, signal?: AbortSignal) =>
  client
    .get<OperationPageView>(
      `/deployments?stack=${encodeURIComponent(stack)}&kind=${kind}&limit=${pageSize}`,
      signal,
    )
    .then((page) => page.items);

export const listStacks = async (client: ApiClient, signal?: AbortSignal) =>
  (await client.get<StackList>("/stacks", signal)).items.map((item) => item.stack);

/**
 * What the overview and the history show of a stack, read in parallel. The deploys of
 * the live releases are fetched by id when older than the latest page.
 */
export async function readStack(
  client: ApiClient,
  stack: string,
  signal?: AbortSignal,
): Promise<StackReads> {
  const [view, releases, deploys, rollbacks] = await Promise.all([
    client.get<StackView>(path(stack), signal),
    client.get<ReleaseList>(`${path(stack)}/releases`, signal).then((list) => list.items),
    operations(client, stack, "deploy", signal),
    operations(client, stack, "rollback", signal),
  ]);
  const liveTags = new Set(Object.values(view.live ?? {}).map((service) => service.tag));
  const known = new Set(deploys.map((op) => op.id));
  const missing = releases.filter((r) => liveTags.has(r.tag) && !known.has(r.deploymentId));
  const older = await Promise.all(
    missing.map((r) =>
      client.get<OperationView>(`/deployments/${encodeURIComponent(r.deploymentId)}`, signal),
    ),
  );
  return { view, releases, deploys: [...deploys, ...older], rollbacks };
}
