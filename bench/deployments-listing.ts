import autocannon from "autocannon";
import { deploymentsClient } from "../tests/support/deployments-client";
import type { ReleaseWorld } from "../tests/support/release-server";
import { tokens } from "../tests/support/server-fixture";
import { seedDeployments } from "./seed-deployments";
import { loadLength, seededDeployments } from "./size";

/** The listing's load: 10 connections asking for the first page of 20, as a dashboard would. */
function listingLoad(
  base: string,
  length: ReturnType<typeof loadLength>,
): { instance: autocannon.Instance; result: Promise<autocannon.Result> } {
  let instance: autocannon.Instance | undefined;
  const result = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: `${base}/deployments?limit=20`,
        headers: { authorization: `Bearer ${tokens.reader}` },
        connections: 10,
        ...length,
      },
      (error: Error | null, done) => (error ? reject(error) : resolve(done)),
    );
  });
  return { instance: instance!, result };
}

/**
 * The figures, and this process's CPU time per request (server, load generator and the
 * deploy's work here together): on a shared machine the rate follows what other
 * processes leave, the CPU time far less.
 */
function report(title: string, result: autocannon.Result, cpu: NodeJS.CpuUsage): void {
  const perRequest = (cpu.user + cpu.system) / Math.max(1, result.requests.total);
  console.log(`${title} (${result.duration.toFixed(1)} s)`);
  console.log(
    `  ${result.requests.average.toFixed(0)} req/s, latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
      `${result.requests.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors, ` +
      `${perRequest.toFixed(0)} µs CPU per request`,
  );
}

/**
 * GET /deployments under load over the seeded deployments: first with nothing else
 * running, then for exactly as long as a deploy runs (at most `maxSeconds`): the listing
 * must stay fast while the engine works.
 */
export async function deploymentsListing(world: ReleaseWorld, maxSeconds: number): Promise<void> {
  await seedDeployments(world.server.app.journal, seededDeployments);
  const base = await world.server.url();
  const seeded = `${seededDeployments.toLocaleString("en")} journaled`;
  const idleCpu = process.cpuUsage();
  const idle = await listingLoad(base, loadLength(10)).result;
  report(`GET /deployments (${seeded}) idle`, idle, process.cpuUsage(idleCpu));

  world.repo.commit({ "services/mcp/server.ts": "export const mcp = 99;\n" }, "mcp");
  const client = deploymentsClient(world.server);
  const started = await client.start("production", "deploy", { force: true });
  if (started.status !== 202) throw new Error(`the deploy was refused: ${started.status}`);
  const deployCpu = process.cpuUsage();
  const load = listingLoad(base, loadLength(maxSeconds));
  const deployment = await client.finished(started.body.deployment.id, maxSeconds * 1000, 50);
  load.instance.stop();
  const result = await load.result;
  const title = `GET /deployments (${seeded}) during a deploy (${deployment.status})`;
  report(title, result, process.cpuUsage(deployCpu));
}
