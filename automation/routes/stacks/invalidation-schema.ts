import { Type, type Static } from "typebox";

export const InvalidationSchema = Type.Object({
  invalidation: Type.Object({
    id: Type.String(),
    stack: Type.String(),
    distributionId: Type.String(),
    idempotencyKey: Type.String(),
    paths: Type.Array(Type.String()),
    requestedBy: Type.String(),
    createdAt: Type.String(),
    status: Type.Union([Type.Literal("InProgress"), Type.Literal("Completed")]),
    /** Only in the answer to a request: what normalization removed, and whether it was new. */
    dropped: Type.Optional(
      Type.Array(Type.Object({ path: Type.String(), coveredBy: Type.String() })),
    ),
    created: Type.Optional(Type.Boolean()),
    timedOut: Type.Optional(Type.Boolean()),
  }),
});
export type InvalidationView = Static<typeof InvalidationSchema>;
