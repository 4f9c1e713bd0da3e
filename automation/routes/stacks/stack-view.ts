import { Type, type Static } from "typebox";

/**
 * What the stack reads answer. Schema-only (TypeBox, nothing else), so clients such as
 * the dashboard import the types without pulling the server in.
 */

const ServiceLive = Type.Object({
  tag: Type.Integer({ description: "the release whose build the service runs" }),
  gitHash: Type.String(),
  pointer: Type.String({
    description: "api: Lambda version; mcp: task definition ARN; web: release prefix",
  }),
  unreleased: Type.Optional(
    Type.String({
      description:
        "set when the build is no release's: the operation that published it, or `unknown`",
    }),
  ),
  weights: Type.Optional(
    Type.Record(Type.String(), Type.Number(), {
      description: "api: extra versions alias live sends traffic to",
    }),
  ),
});

const LiveCheckView = Type.Object({
  at: Type.String(),
  operationId: Type.String(),
  agreed: Type.Boolean(),
  drift: Type.Array(
    Type.Object({
      service: Type.String(),
      journal: Type.String(),
      aws: Type.String(),
      weights: Type.Optional(Type.Record(Type.String(), Type.Number())),
    }),
  ),
  summary: Type.String({ description: "the check in words" }),
});

export const StackView = Type.Object({
  stack: Type.String(),
  outputs: Type.Record(Type.String(), Type.Unknown(), {
    description:
      "the stack's outputs as its last engine run (up, refresh) left them; secret values, at any depth, read `[secret]`",
  }),
  outputsRecordedAt: Type.Union([Type.String(), Type.Null()], {
    description: "when the outputs were recorded; null before any engine run recorded them",
  }),
  live: Type.Union([
    Type.Object({ api: ServiceLive, web: ServiceLive, mcp: ServiceLive }),
    Type.Null(),
  ]),
  lastRelease: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  liveCheck: Type.Union([LiveCheckView, Type.Null()], {
    description:
      "when live state was last read back from AWS (reconcile, recovery), and what differed",
  }),
  running: Type.Union([
    Type.Object({
      operationId: Type.String(),
      kind: Type.String(),
      requestedBy: Type.String(),
      since: Type.String(),
    }),
    Type.Null(),
  ]),
});
export type StackView = Static<typeof StackView>;
export type ServiceLiveView = Static<typeof ServiceLive>;

export const StackList = Type.Object({
  items: Type.Array(
    Type.Object({
      stack: Type.String({ description: "a stack name, as the stack routes take it" }),
    }),
    { description: "every stack the server knows, by name" },
  ),
});
export type StackList = Static<typeof StackList>;
