import autocannon from "autocannon";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";
import { tokens } from "../tests/support/server-fixture";

/** GET /deployments under load, with 10,000 journaled deployments, while a deploy runs. */
export async function deploymentsListing(world: ReleaseWorld, seconds: number): Promise<void> {
  const { journal } = world.server.app;
  const stacks = ["production", "staging", "qa", "eu"];
  for (let i = 0; i < 10_000; i++) {
    const op = journal.recordOperation({
      stack: stacks[i % 4]!,
      kind: "deploy",
      requestedBy: "bench",
      request: {},
    });
    journal.finishOperation(op.id, {
      status: i % 7 ? "succeeded" : "failed",
      summary: { result: "succeeded" },
    });
  }
  const base = await world.server.app.listen({ host: "127.0.0.1", port: 0 });
  world.repo.commit({ "services/mcp/server.ts": "export const mcp = 99;\n" }, "mcp");
  const deploying = deploymentsClient(world.server).deploy("production", { force: true });
  const result = await autocannon({
    url: `${base}/deployments?limit=20`,
    headers: { authorization: `Bearer ${tokens.reader}` },
    connections: 10,
    duration: seconds,
  });
  const deployment = await deploying;
  console.log(`GET /deployments (10,000 journaled, deploy ${deployment.status} meanwhile)`);
  console.log(
    `  ${result.requests.average.toFixed(0)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `${result.non2xx} non-2xx, ${result.errors} errors over ${seconds} s`,
  );
}
