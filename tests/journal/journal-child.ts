/**
 * A second process using the same journal file: `begin <file> <stack>` tries to take
 * the stack and prints the outcome; `begin-and-hang` takes it and waits to be killed.
 */
import { SqliteJournal } from "../../automation/journal/sqlite-journal";

async function main() {
  const [command, file, stack] = process.argv.slice(2);
  if (!file || !stack)
    throw new Error("usage: journal-child.ts begin|begin-and-hang <file> <stack>");
  const journal = new SqliteJournal(file);
  const result = await journal.beginOperation({
    stack,
    kind: "deploy",
    requestedBy: "child",
    request: {},
  });
  if (command === "begin-and-hang" && "operation" in result) {
    // Mid-step when it is killed: the step is journaled before the parent hears of it.
    await journal.startStep(result.operation.id, "up");
    console.log(JSON.stringify(result));
    setInterval(() => undefined, 60_000);
  } else {
    console.log(JSON.stringify(result));
    await journal.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
