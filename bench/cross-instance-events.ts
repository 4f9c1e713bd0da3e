import { readEventStream } from "../tests/support/event-stream-reader";
import { startPostgres } from "../tests/support/postgres-server";
import { startProcessWorld } from "../tests/support/server-processes";
import { ms, percentile } from "./stats";

/**
 * From an event journaled on instance A to the moment a client of instance B reads it,
 * over `deploys` deploys run on A: two server processes on one PostgreSQL journal. Only
 * events journaled after the client connected count (earlier ones are replayed, not
 * followed). Both processes share this machine's clock.
 */
export async function crossInstanceEvents(deploys: number): Promise<void> {
  const postgres = await startPostgres();
  const journalUrl = await postgres.createDatabase();
  const world = await startProcessWorld({ env: async () => ({ FLIGHTDECK_JOURNAL: journalUrl }) });
  try {
    const [a, b] = await Promise.all([world.start(), world.start()]);
    const all: number[] = [];
    const steps: number[] = [];
    for (let i = 0; i < deploys; i++) {
      world.repo.commit({ "services/api/handler.ts": `export const api = ${i};\n` }, `api ${i}`);
      const id = await world.begin(a.url, "/stacks/production/deploy", { force: true });
      const stream = await readEventStream(`${b.url}/deployments/${id}/events`, world.headers);
      const connected = Date.now();
      let status = "";
      for (let event = await stream.next(); event; event = await stream.next()) {
        const lag = Date.now() - Date.parse(event.at);
        if (Date.parse(event.at) <= connected) continue;
        all.push(lag);
        if (event.type === "step") steps.push(lag);
        if (event.type === "status") status = String(event.data.status);
      }
      if (status !== "succeeded")
        throw new Error(`deploy ${i + 1} ended ${status || "without a status"}`);
    }
    const line = (name: string, lags: number[]) =>
      console.log(
        `${name}: ${lags.length} events, p50 ${ms(percentile(lags, 50))}, p99 ${ms(percentile(lags, 99))}, max ${ms(Math.max(...lags))}`,
      );
    line("A → client of B, every event", all);
    line("A → client of B, step changes", steps);
    console.log("target: p99 < 100 ms on loopback");
  } finally {
    await world.stop();
    await postgres.stop();
  }
}
