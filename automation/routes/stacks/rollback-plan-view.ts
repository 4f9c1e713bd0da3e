import { Type, type Static } from "typebox";
import { serviceNames, type ServiceName } from "../../domain/services";

const Service = Type.Unsafe<ServiceName>({ type: "string", enum: [...serviceNames] });

/**
 * A rollback's plan as its dry run (the `details` of `400 confirmation_required`) and a
 * no-op answer carry it. Schema-only, so clients type the dry run they show.
 */
export const RollbackPlanView = Type.Object({
  to: Type.Integer({ description: "the release the services would go back to" }),
  changes: Type.Array(
    Type.Object({
      service: Service,
      fromTag: Type.Integer({ description: "the release whose build the service runs now" }),
      from: Type.String({ description: "the pointer now" }),
      to: Type.String({ description: "the pointer after" }),
      gitHash: Type.String({ description: "the hash the service reports once moved" }),
    }),
  ),
  unchanged: Type.Array(Service, { description: "services already on the target" }),
  bad: Type.Optional(
    Type.Array(
      Type.Object({
        stack: Type.String(),
        tag: Type.Integer(),
        service: Service,
        at: Type.String(),
        by: Type.String(),
        reason: Type.String(),
        operationId: Type.String(),
      }),
      { description: "why the target was rolled back before, when it was named anyway" },
    ),
  ),
  infraChanges: Type.Optional(
    Type.Object(
      { files: Type.Array(Type.String()), redeploy: Type.String() },
      { description: "infra changes since the target, which a pointer move cannot undo" },
    ),
  ),
  migrations: Type.Optional(
    Type.Array(Type.Object({ tag: Type.Integer(), files: Type.Array(Type.String()) }), {
      description: "releases since the target that changed database migrations",
    }),
  ),
});
export type RollbackPlanView = Static<typeof RollbackPlanView>;
