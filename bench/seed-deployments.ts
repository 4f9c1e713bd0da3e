import type { Journal } from "../automation/journal/journal";

const stacks = ["production", "staging", "qa", "eu"];

/**
 * Journals `count` finished deployments over four stacks, one in seven failed, a few at
 * a time: a PostgreSQL journal answers each over the network.
 */
export async function seedDeployments(journal: Journal, count: number): Promise<void> {
  const batch = 50;
  for (let start = 0; start < count; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, count - start) }, async (_, offset) => {
        const i = start + offset;
        const op = await journal.recordOperation({
          stack: stacks[i % 4]!,
          kind: "deploy",
          requestedBy: "bench",
          request: {},
        });
        await journal.finishOperation(op.id, {
          status: i % 7 ? "succeeded" : "failed",
          summary: { result: "succeeded" },
        });
      }),
    );
  }
}
