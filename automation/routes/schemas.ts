import { Type, type Static } from "typebox";
import { scopes, type Scope } from "../auth/scopes";
import { errorResponse } from "../plugins/error-response";

// Schema-only, like the other *-view files: clients (the dashboard) import the types below.

const Facts = Type.Record(Type.String(), Type.Unknown());

/** `GET /health`: public, so a client can tell which server and which world it talks to. */
export const HealthSchema = Type.Object({
  status: Type.Literal("ok"),
  version: Type.String(),
  sandboxWorld: Type.Boolean({
    description: "true when the server releases into the emulated AWS of `npm run sandbox`",
  }),
});
export type HealthView = Static<typeof HealthSchema>;

export const OperationSchema = Type.Object(
  {
    id: Type.String(),
    stack: Type.String(),
    kind: Type.String(),
    status: Type.String(),
    requestedBy: Type.String(),
    request: Facts,
    createdAt: Type.String(),
    finishedAt: Type.Optional(Type.String()),
    steps: Type.Array(
      Type.Object({
        name: Type.String(),
        status: Type.String(),
        startedAt: Type.String(),
        finishedAt: Type.Optional(Type.String()),
        detail: Type.Optional(Facts),
      }),
    ),
    commit: Type.Optional(Type.String()),
    affectedServices: Type.Array(Type.String()),
    summary: Type.Optional(Facts),
    versions: Type.Optional(Type.Record(Type.String(), Type.String())),
    releaseTag: Type.Optional(Type.Integer()),
    rolledBack: Type.Boolean(),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  },
  { $id: "Operation" },
);
export type OperationView = Static<typeof OperationSchema>;

export const OperationEventSchema = Type.Object(
  {
    operationId: Type.String(),
    seq: Type.Integer({ minimum: 1 }),
    at: Type.String(),
    // Spelled out: a Union over a mapped array types as `never` for clients.
    type: Type.Union([
      Type.Literal("step"),
      Type.Literal("engine"),
      Type.Literal("status"),
      Type.Literal("log"),
    ]),
    data: Facts,
  },
  { $id: "OperationEvent" },
);
export type OperationEventView = Static<typeof OperationEventSchema>;

/** One Server-Sent Event as a client parses it: `data` carries an OperationEvent as JSON. */
export const StreamedEvent = Type.Object({
  id: Type.String({ description: "the event's seq: send it back as Last-Event-ID to resume" }),
  event: Type.String({ description: "the event's type" }),
  data: Type.String({
    contentMediaType: "application/json",
    contentSchema: Type.Ref("OperationEvent"),
  }),
});

export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: "Error" },
);
export type ErrorView = Static<typeof ErrorSchema>;

/** The error contract, documented for the statuses a route may answer with. */
export const errorResponses = <const Status extends number>(...statuses: Status[]) =>
  Object.fromEntries(statuses.map((status) => [status, errorResponse(status)])) as Record<
    Status,
    ReturnType<typeof errorResponse>
  >;

export const DeploymentAccepted = Type.Object({ deployment: Type.Ref("Operation") });
/** The Refs to Operation resolve at run time only; for clients these are its answers. */
export type DeploymentAcceptedView = { deployment: OperationView };
/** GET /deployments: a page of operations, newest first (list-deployments.ts). */
export type OperationPageView = { items: OperationView[]; nextCursor?: string };

export const RolloutCommandSchema = Type.Object({
  operationId: Type.String(),
  seq: Type.Integer({ minimum: 1, description: "1, 2, 3… per operation, in the order asked" }),
  kind: Type.Union([
    Type.Literal("pause"),
    Type.Literal("resume"),
    Type.Literal("promote"),
    Type.Literal("abort"),
  ]),
  full: Type.Boolean({ description: "a promote straight to 100 % rather than the next step" }),
  by: Type.String({ description: "the name of the token that asked" }),
  reason: Type.Optional(Type.String()),
  at: Type.String(),
});
export type RolloutCommandView = Static<typeof RolloutCommandSchema>;

export const RolloutCommandAccepted = Type.Object({
  deployment: Type.Ref("Operation"),
  command: RolloutCommandSchema,
});
/** A command journaled for the running rollout, with the operation as it was asked. */
export type RolloutCommandAcceptedView = { deployment: OperationView; command: RolloutCommandView };

export const PrincipalView = Type.Object({
  name: Type.String({ description: "the token's name, recorded as who asked" }),
  scopes: Type.Array(Type.Unsafe<Scope>({ type: "string", enum: [...scopes] })),
});
export type PrincipalView = Static<typeof PrincipalView>;
