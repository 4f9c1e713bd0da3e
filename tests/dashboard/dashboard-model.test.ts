import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OperationEventView, OperationView, ReleaseView } from "../../client/types";
import { SseParser } from "../../client/sse-parser";
import { changedServices, stackHistory } from "../../dashboard/src/model/history";
import {
  currentSteps,
  emptyProgress,
  foldEvents,
} from "../../dashboard/src/model/operation-progress";
import { wentLive } from "../../dashboard/src/model/went-live";

/** What the dashboard derives from the API's answers, checked without a browser. */

const operation = (fields: Partial<OperationView> & Pick<OperationView, "id">): OperationView => ({
  stack: "production",
  kind: "deploy",
  status: "succeeded",
  requestedBy: "ops",
  request: {},
  createdAt: "2026-01-01T10:00:00.000Z",
  steps: [],
  affectedServices: [],
  rolledBack: false,
  ...fields,
});

const build = (gitHash: string, pointer: string) => ({ gitHash, pointer });
const release = (tag: number, api: string, web: string, mcp: string, at: string): ReleaseView => ({
  tag,
  commit: `commit${tag}`,
  deploymentId: `deploy-${tag}`,
  createdAt: at,
  services: { api: build(`h${api}`, api), web: build(`h${web}`, web), mcp: build(`h${mcp}`, mcp) },
  bad: {},
});

let seq = 0;
const event = (
  type: OperationEventView["type"],
  data: Record<string, unknown>,
  at = "2026-01-01T10:00:01.000Z",
): OperationEventView => ({
  operationId: "op",
  seq: ++seq,
  at,
  type,
  data,
});

describe("the dashboard's reading of the API", () => {
  it("parses an event stream fed in arbitrary chunks, skipping heartbeats", () => {
    const parser = new SseParser();
    const body =
      'id: 1\nevent: step\ndata: {"seq":1}\n\n: heartbeat\n\nid: 2\r\nevent: status\r\ndata: {"a":\r\ndata: 2}\r\n\r\n';
    const events = [...body].flatMap((char) => parser.push(char));
    assert.deepEqual(events, [
      { id: "1", event: "step", data: '{"seq":1}' },
      { id: "2", event: "status", data: '{"a":\n2}' },
    ]);
  });

  it("folds step and engine events into steps, resources and diagnostics, once each", () => {
    seq = 0;
    const events = [
      event("step", { step: "up", status: "running" }, "2026-01-01T10:00:01.000Z"),
      event("engine", {
        kind: "resource-started",
        op: "update",
        urn: "urn:pulumi:p::f::aws:lambda:Function::api",
        type: "aws:lambda:Function",
      }),
      event("engine", { kind: "diagnostic", severity: "debug", message: "noise" }),
      event("engine", { kind: "diagnostic", severity: "warning", message: "careful\n" }),
      event("engine", { kind: "summarized", events: 40 }),
      event("engine", {
        kind: "resource-done",
        op: "update",
        urn: "urn:pulumi:p::f::aws:lambda:Function::api",
        type: "aws:lambda:Function",
      }),
      event(
        "step",
        { step: "up", status: "succeeded", detail: { held: ["api"] } },
        "2026-01-01T10:00:09.000Z",
      ),
      event("step", { step: "verify", status: "running" }),
      event(
        "step",
        { step: "verify", status: "failed", message: "api is broken" },
        "2026-01-01T10:00:12.000Z",
      ),
    ];
    const progress = foldEvents(foldEvents(emptyProgress, events.slice(0, 4)), events);
    assert.deepEqual(
      progress.resources.map((r) => [r.name, r.op, r.state]),
      [["api", "update", "done"]],
    );
    assert.deepEqual(
      progress.diagnostics.map((d) => [d.severity, d.message]),
      [["warning", "careful"]],
    );
    assert.equal(progress.foldedEvents, 40);
    assert.deepEqual(progress.steps, [
      {
        name: "up",
        status: "succeeded",
        startedAt: "2026-01-01T10:00:01.000Z",
        finishedAt: "2026-01-01T10:00:09.000Z",
        detail: { held: ["api"] },
      },
      {
        name: "verify",
        status: "failed",
        startedAt: "2026-01-01T10:00:01.000Z",
        finishedAt: "2026-01-01T10:00:12.000Z",
        detail: { message: "api is broken" },
      },
    ]);
    assert.equal(progress.final, undefined);
    assert.deepEqual(foldEvents(progress, [event("status", { status: "failed" })]).final, {
      status: "failed",
    });
  });

  it("lays streamed steps over a running operation's record, and trusts the record once it ended", () => {
    seq = 0;
    const recorded = { name: "preflight", status: "succeeded", startedAt: "a", finishedAt: "b" };
    const progress = foldEvents(emptyProgress, [
      event("step", { step: "preflight", status: "running" }),
      event("step", { step: "preflight", status: "succeeded" }),
      event("step", { step: "up", status: "running" }),
    ]);
    const running = operation({ id: "op", status: "running", steps: [recorded] });
    assert.deepEqual(
      currentSteps(running, progress).map((s) => [s.name, s.status]),
      [
        ["preflight", "succeeded"],
        ["up", "running"],
      ],
    );
    const ended = { ...running, status: "succeeded", steps: [recorded] };
    assert.deepEqual(currentSteps(ended, progress), [recorded]);
  });

  it("dates a service from its release, or from a later rollback that put it back", () => {
    const releases = [
      release(2, "2", "w1", "m2", "2026-01-02T00:00:00.000Z"),
      release(1, "1", "w1", "m1", "2026-01-01T00:00:00.000Z"),
    ];
    const rollback = operation({
      id: "rb",
      kind: "rollback",
      requestedBy: "oncall",
      affectedServices: ["api"],
      versions: { api: "1" },
      finishedAt: "2026-01-03T00:00:00.000Z",
    });
    const since = wentLive({
      live: {
        api: { tag: 1, gitHash: "h1", pointer: "1" },
        web: { tag: 1, gitHash: "hw1", pointer: "w1" },
        mcp: { tag: 2, gitHash: "hm9", pointer: "m9" },
      },
      releases,
      rollbacks: [rollback],
      deploys: new Map([["deploy-1", operation({ id: "deploy-1", requestedBy: "ci" })]]),
    });
    assert.deepEqual(since.api, {
      at: "2026-01-03T00:00:00.000Z",
      by: "oncall",
      operationId: "rb",
      how: "rollback",
    });
    assert.deepEqual(since.web, {
      at: "2026-01-01T00:00:00.000Z",
      by: "ci",
      operationId: "deploy-1",
      how: "release",
    });
    // A pointer no release and no rollback explains (a reconcile corrected it): unknown.
    assert.equal(since.mcp, undefined);
  });

  it("merges releases, rollbacks and deploys that made no release into one history", () => {
    const releases = [
      release(2, "2", "w1", "m1", "2026-01-02T00:00:00.000Z"),
      release(1, "1", "w1", "m1", "2026-01-01T00:00:00.000Z"),
    ];
    assert.deepEqual(changedServices(releases[1]!, releases), ["api", "web", "mcp"]);
    assert.deepEqual(changedServices(releases[0]!, releases), ["api"]);
    const history = stackHistory(releases, [
      operation({ id: "deploy-2", requestedBy: "ci", createdAt: "2026-01-01T23:59:00.000Z" }),
      operation({ id: "rb", kind: "rollback", createdAt: "2026-01-03T00:00:00.000Z" }),
      operation({ id: "broken", status: "failed", createdAt: "2026-01-04T00:00:00.000Z" }),
      // A bake that failed still made a release (marked bad): listed once, as that release.
      operation({
        id: "baked",
        status: "failed",
        releaseTag: 2,
        createdAt: "2026-01-02T00:00:00.000Z",
      }),
    ]);
    assert.deepEqual(
      history.map((entry) => [
        entry.kind,
        entry.kind === "release" ? entry.release.tag : entry.operation.id,
      ]),
      [
        ["aborted-deploy", "broken"],
        ["rollback", "rb"],
        ["release", 2],
        ["release", 1],
      ],
    );
    assert.equal(history[2]?.kind === "release" && history[2].by, "ci");
  });
});
