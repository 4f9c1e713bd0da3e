/**
 * Another process on the same PostgreSQL journal: `begin <url> <stack> <count>` opens
 * it, prints `ready`, and at the line `go` on stdin makes `count` concurrent begins on
 * the stack and prints their outcomes (so the parent's begins can meet them);
 * `begin-and-hang` takes the stack, starts a step and waits to be killed.
 */
import { once } from "node:events";
import { createInterface } from "node:readline";
import { PostgresJournal } from "../../automation/journal/postgres-journal";

async function main(): Promise<void> {
  const [command, url, stack, count] = process.argv.slice(2);
  if (!url || !stack) throw new Error("usage: begin|begin-and-hang <url> <stack> [count]");
  const journal = await PostgresJournal.open(url);
  const begin = (i: number) =>
    journal.beginOperation({ stack, kind: "deploy", requestedBy: `child-${i}`, request: {} });
  if (command === "begin-and-hang") {
    const result = await begin(0);
    if ("operation" in result) await journal.startStep(result.operation.id, "up");
    console.log(JSON.stringify(result));
    setInterval(() => undefined, 60_000);
    return;
  }
  const lines = createInterface({ input: process.stdin });
  console.log("ready");
  await once(lines, "line");
  lines.close();
  const results = await Promise.all(Array.from({ length: Number(count ?? 1) }, (_, i) => begin(i)));
  console.log(JSON.stringify(results));
  await journal.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
