import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import type { Operation } from "../../automation/journal/journal";
import type { ServerFixture } from "./server-fixture";

type StartBody = {
  deployment: Operation;
  noop?: true;
  message?: string;
  error?: { code: string; message: string; details?: Record<string, unknown> };
};

/**
 * Talks to the automation server the way a user's script would: over HTTP on a real
 * socket, as admin.
 */
export function deploymentsClient(server: ServerFixture) {
  const headers = server.auth("admin");
  return {
    async start(
      stack: string,
      kind: "deploy" | "preview" | "refresh" | "rollback",
      body: Record<string, unknown> = {},
    ) {
      const response = await fetch(`${await server.url()}/stacks/${stack}/${kind}`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as StartBody };
    },
    async get(id: string): Promise<Operation> {
      const response = await fetch(`${await server.url()}/deployments/${id}`, { headers });
      const text = await response.text();
      assert.equal(response.status, 200, text);
      return JSON.parse(text) as Operation;
    },
    /** The stack's operations of a kind, newest first. */
    async list(stack: string, kind: string): Promise<Operation[]> {
      const query = new URLSearchParams({ stack, kind, limit: "100" });
      const response = await fetch(`${await server.url()}/deployments?${query.toString()}`, {
        headers,
      });
      assert.equal(response.status, 200);
      return ((await response.json()) as { items: Operation[] }).items;
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
    /**
     * The refresh the server starts on its own after `operationId` (README, "The refresh
     * that follows"), as soon as it is journaled.
     */
    async followingRefresh(stack: string, operationId: string): Promise<Operation> {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const refreshes = await this.list(stack, "refresh");
        const found = refreshes.find((operation) => operation.request.after === operationId);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no refresh followed ${operationId}`);
        await sleep(50);
      }
    },
    /** Until no operation holds the stack: the refresh that follows the last one has ended too. */
    async atRest(stack: string, timeoutMs = 120_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (await server.app.journal.lockHolder(stack)) {
        if (Date.now() > deadline)
          throw new Error(`stack ${stack} still busy after ${timeoutMs} ms`);
        await sleep(50);
      }
    },
    /** The stack's outputs, as `GET /stacks/:stack` shows them. */
    async outputs(stack: string): Promise<Record<string, string>> {
      const response = await fetch(`${await server.url()}/stacks/${stack}`, { headers });
      assert.equal(response.status, 200);
      return ((await response.json()) as { outputs: Record<string, string> }).outputs;
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
