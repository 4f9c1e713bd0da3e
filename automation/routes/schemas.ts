import { Type } from "typebox";

const Facts = Type.Record(Type.String(), Type.Unknown());

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

/** The error contract, documented for the statuses a route may answer with. */
export const errorResponses = <const Status extends number>(...statuses: Status[]) =>
  Object.fromEntries(statuses.map((status) => [status, Type.Ref("Error")])) as Record<
    Status,
    ReturnType<typeof Type.Ref<"Error">>
  >;

export const DeploymentAccepted = Type.Object({ deployment: Type.Ref("Operation") });
