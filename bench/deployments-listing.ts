import autocannon from "autocannon";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";
import { tokens } from "../tests/support/server-fixture";
import { seedDeployments } from "./seed-deployments";
import { loadLength, seededDeployments } from "./size";

/**
 * GET /deployments under load, over the seeded deployments, for exactly as long as a
 * deploy runs (at most `maxSeconds`): the listing must stay fast while the engine works.
 */
export async function deploymentsListing(world: ReleaseWorld, maxSeconds: number): Promise<void> {
  await seedDeployments(world.server.app.journal, seededDeployments);
  const base = await world.server.url();
  world.repo.commit({ "services/mcp/server.ts": "export const mcp = 99;\n" }, "mcp");
  const client = deploymentsClient(world.server);
  const started = await client.start("production", "deploy", { force: true });
  if (started.status !== 202) throw new Error(`the deploy was refused: ${started.status}`);

  let load: autocannon.Instance | undefined;
  const loaded = new Promise<autocannon.Result>((resolve, reject) => {
    load = autocannon(
      {
        url: `${base}/deployments?limit=20`,
        headers: { authorization: `Bearer ${tokens.reader}` },
        connections: 10,
        ...loadLength(maxSeconds),
      },
      (error: Error | null, result) => (error ? reject(error) : resolve(result)),
    );
  });
  const deployment = await client.finished(started.body.deployment.id, maxSeconds * 1000, 50);
  load?.stop();
  const result = await loaded;
  const seconds = result.duration;
  console.log(
    `GET /deployments (${seededDeployments.toLocaleString("en")} journaled) during a deploy (${deployment.status}, ${seconds.toFixed(1)} s)`,
  );
  console.log(
    `  ${result.requests.average.toFixed(0)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `${result.requests.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors`,
  );
}
