import autocannon from "autocannon";
import { startPostgres } from "../tests/support/postgres-server";
import { startServer, tokens } from "../tests/support/server-fixture";
import { seedDeployments } from "./seed-deployments";
import { loadLength, seededDeployments } from "./size";

async function load(url: string, seconds: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        headers: { authorization: `Bearer ${tokens.reader}` },
        connections: 10,
        ...loadLength(seconds),
      },
      (error: Error | null, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/**
 * GET /deployments over the seeded deployments on each journal, the same server
 * otherwise: first pages, and a filtered page, under 10 connections.
 */
export async function journalListing(seconds: number): Promise<void> {
  const postgres = await startPostgres();
  try {
    const journals = {
      SQLite: {},
      PostgreSQL: { FLIGHTDECK_JOURNAL: await postgres.createDatabase() },
    };
    const rates: Record<string, number> = {};
    for (const [name, env] of Object.entries(journals)) {
      const server = await startServer({ LOG_LEVEL: "warn", ...env });
      try {
        await seedDeployments(server.app.journal, seededDeployments);
        const base = await server.url();
        for (const query of ["limit=20", "stack=qa&status=failed&limit=20"]) {
          const result = await load(`${base}/deployments?${query}`, seconds);
          rates[`${name} ${query}`] = result.requests.average;
          console.log(
            `${name.padEnd(10)} GET /deployments?${query}: ${result.requests.average.toFixed(0)} req/s, ` +
              `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ${result.errors} errors`,
          );
        }
      } finally {
        await server.close();
      }
    }
    const ratio = rates["PostgreSQL limit=20"]! / rates["SQLite limit=20"]!;
    console.log(`PostgreSQL / SQLite throughput, first page: ${ratio.toFixed(2)}`);
  } finally {
    await postgres.stop();
  }
}
