import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import type { Operation } from "../../automation/journal/journal";
import type { ServerFixture } from "./server-fixture";

/** Talks to the automation server the way a user's script would, over its HTTP API. */
export function deploymentsClient(server: ServerFixture) {
  const headers = server.auth("admin");
  return {
    async start(
      stack: string,
      kind: "deploy" | "preview" | "refresh" | "rollback",
      body: Record<string, unknown> = {},
    ) {
      const response = await server.app.inject({
        method: "POST",
        url: `/stacks/${stack}/${kind}`,
        headers,
        payload: body,
      });
      return {
        status: response.statusCode,
        body: response.json<{
          deployment: Operation;
          noop?: true;
          message?: string;
          error?: { code: string; message: string; details?: Record<string, unknown> };
        }>(),
      };
    },
    async get(id: string): Promise<Operation> {
      const response = await server.app.inject({ url: `/deployments/${id}`, headers });
      assert.equal(response.statusCode, 200, response.body);
      return response.json<Operation>();
    },
    /** Polls until the operation has ended; the journal is the source of truth. */
    async finished(id: string, timeoutMs = 180_000, pollMs = 200): Promise<Operation> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const operation = await this.get(id);
        if (operation.status !== "running") return operation;
        if (Date.now() > deadline)
          throw new Error(`deployment ${id} still running after ${timeoutMs} ms`);
        await sleep(pollMs);
      }
    },
    /** A confirmed rollback, followed to its end. */
    async rollback(stack: string, body: Record<string, unknown>): Promise<Operation> {
      const started = await this.start(stack, "rollback", { confirm: true, ...body });
      assert.equal(started.status, 202, JSON.stringify(started.body));
      return this.finished(started.body.deployment.id);
    },
    async deploy(
      stack: string,
      body: Record<string, unknown> = {},
      pollMs = 200,
    ): Promise<Operation> {
      const started = await this.start(stack, "deploy", body);
      assert.equal(started.status, 202, JSON.stringify(started.body));
      return this.finished(started.body.deployment.id, 180_000, pollMs);
    },
  };
}
